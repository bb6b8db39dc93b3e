namespace Samples.Order.Orders;

/// <summary>An order about to be placed (the argument of the global transaction and of the order branch's Try).</summary>
/// <param name="OrderId">The new order's id.</param>
/// <param name="RequestId">The client's idempotency key.</param>
/// <param name="UserId">The buyer.</param>
/// <param name="Sku">The product.</param>
/// <param name="Quantity">How many.</param>
/// <param name="Points">Points earned.</param>
public sealed record NewOrder(string OrderId, string RequestId, string UserId, string Sku, int Quantity, int Points);
