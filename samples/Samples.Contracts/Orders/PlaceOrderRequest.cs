namespace Samples.Contracts.Orders;

/// <summary>Body of <c>POST /api/orders</c>.</summary>
/// <param name="RequestId">The client's idempotency key (1-64 characters): a retried request with the same id returns the same order.</param>
/// <param name="UserId">The buyer, who earns the points (an account of the points service).</param>
/// <param name="Sku">The product (a product of the stock service).</param>
/// <param name="Quantity">How many (1-1,000).</param>
public sealed record PlaceOrderRequest(string? RequestId, string? UserId, string? Sku, int Quantity);
