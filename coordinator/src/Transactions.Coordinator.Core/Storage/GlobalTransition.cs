using Transactions.Coordinator.Domain;

namespace Transactions.Coordinator.Storage;

/// <summary>
/// A compare-and-set of a global transaction's status, see <see cref="ITransactionStore.TryTransitionAsync"/>.
/// Null optional fields are left unchanged, except that the lease fields are always written together.
/// </summary>
public sealed record GlobalTransition(long Xid, GlobalStatus From, GlobalStatus To, long NowUnixMs)
{
    /// <summary>Rollback reason to record (rollback decisions).</summary>
    public string? RollbackReason { get; init; }

    /// <summary>Owner of the lease after the change (the deciding instance drives phase 2). Null: lease cleared.</summary>
    public string? LeaseOwner { get; init; }

    /// <summary>Lease expiry after the change; null with a null owner.</summary>
    public long? LeaseExpiresUnixMs { get; init; }

    /// <summary>When recovery should look at the transaction if this instance does not finish it.</summary>
    public long? NextAttemptUnixMs { get; init; }
}
