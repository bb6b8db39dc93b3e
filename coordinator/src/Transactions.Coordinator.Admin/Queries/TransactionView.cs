namespace Transactions.Coordinator.Admin.Queries;

/// <summary>A transaction's full row in the detail view.</summary>
public sealed record TransactionView(
    string Xid,
    string Name,
    string Kind,
    string? ApplicationId,
    string? IdempotencyKey,
    string Status,
    bool NeedsAttention,
    long CreatedUnixMs,
    long UpdatedUnixMs,
    long DeadlineUnixMs,
    long? CompletedUnixMs,
    int BranchCount,
    int Phase2Attempts,
    long? NextAttemptUnixMs,
    string? LastError,
    string? RollbackReason,
    string? LeaseOwner,
    long? LeaseExpiresUnixMs);
