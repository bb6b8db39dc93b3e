using Transactions.Participants;

namespace Samples.Order.Orders;

/// <summary>The order's own branch of its global transaction.</summary>
public interface IOrderBook
{
    /// <summary>Try: records the order as Pending (the request id is unique).</summary>
    /// <param name="order">The order.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    /// <exception cref="DuplicateOrderRequestException">An order with this request id exists.</exception>
    [TccAction("create-order", ConfirmMethod = "ConfirmAsync", CancelMethod = "CancelAsync")]
    Task CreateAsync(NewOrder order, CancellationToken cancellationToken);
}
