using Transactions.Coordinator.Domain;

namespace Transactions.Coordinator.Storage;

/// <summary>What one phase-2 round writes, see <see cref="ITransactionStore.SavePhaseTwoRoundAsync"/>.</summary>
public sealed record PhaseTwoRound(long Xid, GlobalStatus Status, string Owner, long NowUnixMs)
{
    /// <summary>Branches whose state changed in this round.</summary>
    public IReadOnlyList<BranchOutcome> Branches { get; init; } = [];

    /// <summary>Terminal status to move to (Committed or RolledBack) when every branch is done; null otherwise.</summary>
    public GlobalStatus? CompleteAs { get; init; }

    /// <summary>Phase-2 rounds so far, including this one.</summary>
    public int Phase2Attempts { get; init; }

    /// <summary>When the next round is due (ignored when completing).</summary>
    public long? NextAttemptUnixMs { get; init; }

    /// <summary>Last error of the round, or null when it had none.</summary>
    public string? LastError { get; init; }

    /// <summary>Whether the transaction needs an administrator's attention.</summary>
    public bool NeedsAttention { get; init; }

    /// <summary>History entries of the round.</summary>
    public IReadOnlyList<TransactionEvent> Events { get; init; } = [];

    /// <summary>
    /// Failures identical to their branch's previous one: each adds a repeat to the branch's latest
    /// <see cref="TransactionEventKinds.BranchCallFailed"/> entry instead of an entry of its own, so a branch failing
    /// for days keeps a readable history.
    /// </summary>
    public IReadOnlyList<RepeatedFailure> RepeatedFailures { get; init; } = [];
}
