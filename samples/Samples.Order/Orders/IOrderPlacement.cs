using Transactions.Participants;

namespace Samples.Order.Orders;

/// <summary>Places an order in one global TCC transaction.</summary>
public interface IOrderPlacement
{
    /// <summary>
    /// Order branch (Try: the order row), stock branch (Try: freeze), points branch (Try: pending points); commits
    /// when all three succeed, rolls back (and rethrows) when one fails.
    /// </summary>
    /// <param name="order">The order.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The global transaction id.</returns>
    [GlobalTransactional(Name = "place-order", TimeoutMs = 60_000)]
    Task<long> PlaceAsync(NewOrder order, CancellationToken cancellationToken);
}
