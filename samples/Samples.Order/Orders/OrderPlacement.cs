using Samples.Hosting.Logging;
using Samples.Order.Participants;
using Transactions.Participants;

namespace Samples.Order.Orders;

/// <summary>The global transaction of an order (the TM side); the branches run in the order given.</summary>
public sealed partial class OrderPlacement(
    IOrderBook orders,
    StockClient stock,
    PointsClient points,
    ILogger<OrderPlacement> logger) : IOrderPlacement
{
    /// <inheritdoc />
    public async Task<long> PlaceAsync(NewOrder order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        var xid = TransactionContext.CurrentXid ?? throw new InvalidOperationException("PlaceAsync must run in a global transaction.");
        using (SampleLogScopes.ForXid(logger, xid))
        {
            LogPlacing(logger, order.OrderId, order.RequestId, order.Quantity, order.Sku, order.UserId);

            // The order row first: a retried request fails here on its unique request id, before touching stock.
            await orders.CreateAsync(order, cancellationToken);
            await stock.FreezeAsync(order.Sku, order.Quantity, cancellationToken);
            await points.AddPendingAsync(order.UserId, order.Points, cancellationToken);
            return xid;
        }
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Placing order {OrderId} (request {RequestId}): {Quantity} x {Sku} for {UserId}")]
    private static partial void LogPlacing(ILogger logger, string orderId, string requestId, int quantity, string sku, string userId);
}
