namespace Transactions.Coordinator.Domain;

/// <summary>
/// A global transaction as persisted. Times are Unix milliseconds (UTC) so every provider can
/// compare and index them.
/// </summary>
public sealed class GlobalTransaction
{
    /// <summary>Snowflake id.</summary>
    public long Xid { get; set; }

    /// <summary>TCC (Begin) or saga (SubmitSaga). A saga runs forward as Committing (then Committed) and compensates as RollingBack (then RolledBack).</summary>
    public TransactionKind Kind { get; set; } = TransactionKind.Tcc;

    /// <summary>Business name given to Begin.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Calling application, when given.</summary>
    public string? ApplicationId { get; set; }

    /// <summary>Idempotency key of Begin, unique per application.</summary>
    public string? IdempotencyKey { get; set; }

    /// <summary>Current status.</summary>
    public GlobalStatus Status { get; set; }

    /// <summary>Timeout given to Begin, in milliseconds.</summary>
    public int TimeoutMs { get; set; }

    /// <summary>When the transaction began.</summary>
    public long CreatedUnixMs { get; set; }

    /// <summary>Last change of any field.</summary>
    public long UpdatedUnixMs { get; set; }

    /// <summary>An Active transaction past this instant is rolled back by the coordinator.</summary>
    public long DeadlineUnixMs { get; set; }

    /// <summary>When the transaction reached a terminal status.</summary>
    public long? CompletedUnixMs { get; set; }

    /// <summary>Number of branches registered so far; also the ordinal of the last branch.</summary>
    public int BranchCount { get; set; }

    /// <summary>Why the transaction is rolling back (requested reason, branch failure, timeout).</summary>
    public string? RollbackReason { get; set; }

    /// <summary>Phase-2 rounds run so far.</summary>
    public int Phase2Attempts { get; set; }

    /// <summary>When recovery should next look at this transaction (phase-2 retry or deadline).</summary>
    public long? NextAttemptUnixMs { get; set; }

    /// <summary>Last phase-2 error, if any.</summary>
    public string? LastError { get; set; }

    /// <summary>Set when phase 2 has failed past the attention threshold.</summary>
    public bool NeedsAttention { get; set; }

    /// <summary>Instance currently driving this transaction.</summary>
    public string? LeaseOwner { get; set; }

    /// <summary>When the current lease expires; another instance may then claim the work.</summary>
    public long? LeaseExpiresUnixMs { get; set; }
}
