namespace Transactions.Participants.IntegrationTests.Order;

/// <summary>
/// The transaction manager side: [GlobalTransactional] begins a global transaction, the two calls register a
/// branch each in the stock and points services (the XID travels in the tx-xid header / metadata), and the
/// transaction commits when the method returns or rolls back when it throws.
/// </summary>
public sealed class OrderService(StockClient stock, PointsClient points, OrderBook orders) : IOrderService
{
    [GlobalTransactional(Name = "place-order", TimeoutMs = 30_000)]
    public async Task<long> PlaceOrderAsync(PlaceOrder order, CancellationToken cancellationToken)
    {
        var xid = TransactionContext.CurrentXid ?? throw new InvalidOperationException("No global transaction.");
        orders.Record(order.OrderId, xid);
        await stock.FreezeAsync(order.Sku, order.Quantity, cancellationToken);
        await points.GrantAsync(order.UserId, order.Points, cancellationToken);
        await orders.WaitIfHeldBeforeCommitAsync(cancellationToken);
        return xid;
    }
}
