using Transactions.Coordinator.Domain;

namespace Transactions.Coordinator.Diagnostics;

/// <summary>Unfinished transactions by status, and when the oldest of them began.</summary>
/// <param name="ByStatus">Count per unfinished status (statuses without any may be absent).</param>
/// <param name="OldestCreatedUnixMs">Creation time of the oldest unfinished transaction; null when there is none.</param>
public sealed record UnfinishedTransactionStats(IReadOnlyDictionary<GlobalStatus, int> ByStatus, long? OldestCreatedUnixMs)
{
    /// <summary>No unfinished transaction.</summary>
    public static UnfinishedTransactionStats Empty { get; } = new(new Dictionary<GlobalStatus, int>(), null);
}
