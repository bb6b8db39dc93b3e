namespace Transactions.Coordinator.Diagnostics;

/// <summary>The coordinator's metrics as the admin API returns them (<c>GET /api/v1/admin/metrics</c>).</summary>
/// <param name="At">When this read-out was taken.</param>
/// <param name="SnapshotAt">When the gauges' snapshot was last read from the store; null before the first read.</param>
/// <param name="TransactionsFinished"><c>tx.transactions.finished</c> totals by status since start.</param>
/// <param name="BranchCalls"><c>tx.branch.calls</c> totals by <c>action/outcome</c> since start.</param>
/// <param name="Phase2Retries"><c>tx.phase2.retries</c> total since start.</param>
/// <param name="Phase2Duration"><c>tx.phase2.duration</c> summary since start.</param>
/// <param name="Unfinished"><c>tx.transactions.unfinished</c> by status (snapshot).</param>
/// <param name="OldestUnfinishedAgeSeconds"><c>tx.transactions.oldest_unfinished_age</c> (0 when none).</param>
public sealed record CoordinatorMetricsView(
    DateTimeOffset At,
    DateTimeOffset? SnapshotAt,
    IReadOnlyDictionary<string, long> TransactionsFinished,
    IReadOnlyDictionary<string, long> BranchCalls,
    long Phase2Retries,
    Phase2DurationView Phase2Duration,
    IReadOnlyDictionary<string, int> Unfinished,
    double OldestUnfinishedAgeSeconds);
