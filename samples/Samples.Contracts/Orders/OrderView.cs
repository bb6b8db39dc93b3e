namespace Samples.Contracts.Orders;

/// <summary>An order as the order service's API shows it.</summary>
/// <param name="OrderId">The order's id.</param>
/// <param name="RequestId">The client's idempotency key.</param>
/// <param name="UserId">The buyer.</param>
/// <param name="Sku">The product.</param>
/// <param name="Quantity">How many.</param>
/// <param name="Points">Points the buyer earns when the order is confirmed.</param>
/// <param name="Status">Pending, Confirmed or Cancelled.</param>
/// <param name="Xid">The global transaction that created it (decimal string).</param>
/// <param name="Reason">Why it was cancelled, when it was.</param>
public sealed record OrderView(
    string OrderId,
    string RequestId,
    string UserId,
    string Sku,
    int Quantity,
    int Points,
    OrderStatus Status,
    string Xid,
    string? Reason);
