namespace Transactions.Coordinator.Storage;

/// <summary>Deletes finished transactions for the retention job (see the README, "Scheduled jobs").</summary>
public interface ITransactionRetentionStore
{
    /// <summary>
    /// Deletes, in one local transaction, at most <paramref name="maxCount"/> global transactions that are terminal
    /// (<c>Committed</c> or <c>RolledBack</c>), not flagged as needing attention, and last changed before
    /// <paramref name="beforeUnixMs"/>, with their branches, history events and saga rows and steps. A transaction that
    /// is not terminal, or needs attention, stays whatever its age. Safe to repeat.
    /// </summary>
    /// <param name="beforeUnixMs">The cut-off: rows last changed before it may go (Unix ms).</param>
    /// <param name="maxCount">Most transactions to delete.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>How many transactions went.</returns>
    Task<int> DeleteFinishedAsync(long beforeUnixMs, int maxCount, CancellationToken cancellationToken);
}
