namespace Transactions.Coordinator.Diagnostics;

/// <summary>
/// The cheap aggregate query behind the coordinator's gauges (unfinished transactions by status, oldest one).
/// Implemented by the store (EF Core: one grouped query on the status index).
/// </summary>
public interface ITransactionStatistics
{
    /// <summary>Counts the unfinished (Active, Committing, RollingBack) transactions.</summary>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The counts and the creation time of the oldest.</returns>
    Task<UnfinishedTransactionStats> GetUnfinishedAsync(CancellationToken cancellationToken);
}
