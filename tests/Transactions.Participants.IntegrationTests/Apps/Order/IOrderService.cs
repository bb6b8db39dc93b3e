namespace Transactions.Participants.IntegrationTests.Order;

/// <summary>The order service's entry point: one global transaction per order.</summary>
public interface IOrderService
{
    /// <summary>Places the order; returns the XID of its global transaction.</summary>
    Task<long> PlaceOrderAsync(PlaceOrder order, CancellationToken cancellationToken);
}
