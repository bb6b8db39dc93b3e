namespace Transactions.Coordinator.Admin.Queries;

/// <summary>A transaction in a list (ids as strings: JSON numbers lose precision past 2^53).</summary>
public sealed record TransactionSummary(
    string Xid,
    string Name,
    string Kind,
    string? ApplicationId,
    string Status,
    bool NeedsAttention,
    long CreatedUnixMs,
    long UpdatedUnixMs,
    int BranchCount,
    int Phase2Attempts,
    long? NextAttemptUnixMs,
    string? LastError);
