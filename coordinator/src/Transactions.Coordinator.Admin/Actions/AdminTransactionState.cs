namespace Transactions.Coordinator.Admin.Actions;

/// <summary>A transaction's state as recorded before and after an action in the audit log.</summary>
internal sealed record AdminTransactionState(
    string Status, bool NeedsAttention, int Phase2Attempts, long? NextAttemptUnixMs, string? LastError, IReadOnlyDictionary<string, string> Branches);
