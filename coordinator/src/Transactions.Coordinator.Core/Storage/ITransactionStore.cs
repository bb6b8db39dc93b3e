using Transactions.Coordinator.Domain;

namespace Transactions.Coordinator.Storage;

/// <summary>
/// Durable log of global transactions, their branches and history. Every state change is a
/// conditional write (compare-and-set on status, and on lease owner where stated), so several
/// coordinator instances can share one database without a leader.
/// </summary>
public interface ITransactionStore
{
    /// <summary>
    /// Inserts <paramref name="transaction"/> (status Active) with its <paramref name="begun"/> event.
    /// When a transaction with the same (ApplicationId, IdempotencyKey) exists, nothing is written and
    /// the existing transaction is returned with <see cref="BeginOutcome.Created"/> false.
    /// </summary>
    Task<BeginOutcome> BeginAsync(GlobalTransaction transaction, TransactionEvent begun, CancellationToken cancellationToken);

    /// <summary>The transaction, or null. Not tracked.</summary>
    Task<GlobalTransaction?> FindAsync(long xid, CancellationToken cancellationToken);

    /// <summary>The transaction with its branches ordered by <see cref="BranchTransaction.Ordinal"/>, or null.</summary>
    Task<TransactionSnapshot?> LoadAsync(long xid, CancellationToken cancellationToken);

    /// <summary>
    /// Atomically, and only while the global transaction is Active: increments its BranchCount,
    /// sets <paramref name="branch"/>.Ordinal to the new count, inserts the branch and <paramref name="registered"/>.
    /// Returns the global status found (or NotFound); the branch is written only when that status is Active.
    /// </summary>
    Task<RegisterBranchOutcome> RegisterBranchAsync(BranchTransaction branch, TransactionEvent registered, CancellationToken cancellationToken);

    /// <summary>
    /// Sets a branch's status to PhaseOneFailed (with the error) when it is Registered, and appends the event.
    /// Returns false when the branch does not exist under that xid.
    /// </summary>
    Task<bool> MarkBranchPhaseOneFailedAsync(long xid, long branchId, string? error, TransactionEvent reported, CancellationToken cancellationToken);

    /// <summary>
    /// Compare-and-set of the global status (<c>WHERE xid = @xid AND status = @from</c>), applying the other
    /// fields of <paramref name="transition"/> and appending <paramref name="events"/> in the same local
    /// transaction. Returns true when this call made the change.
    /// </summary>
    Task<bool> TryTransitionAsync(GlobalTransition transition, IReadOnlyList<TransactionEvent> events, CancellationToken cancellationToken);

    /// <summary>
    /// Persists one phase-2 round in one local transaction: branch outcomes, the global's retry
    /// bookkeeping or completion, events, and repeated failures (each adds one to the repeat count of its branch's
    /// latest <see cref="TransactionEventKinds.BranchCallFailed"/> entry and sets its last time). Conditional on the global still being in
    /// <see cref="PhaseTwoRound.Status"/> and leased by <see cref="PhaseTwoRound.Owner"/>; returns false
    /// (writing nothing) otherwise. The lease is released (owner and expiry cleared) by the write, so
    /// whichever instance is free when the next attempt falls due takes it.
    /// </summary>
    Task<bool> SavePhaseTwoRoundAsync(PhaseTwoRound round, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the lease of one transaction for <paramref name="owner"/> when it is free, expired, or
    /// already held by <paramref name="owner"/>. Returns true when <paramref name="owner"/> holds it afterwards.
    /// </summary>
    Task<bool> TryAcquireLeaseAsync(long xid, string owner, long nowUnixMs, long leaseExpiresUnixMs, CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="maxCount"/> transactions that need work: phase 2 (Committing or
    /// RollingBack) whose NextAttemptUnixMs is due, and Active ones past their deadline; only those whose
    /// lease is free, expired, or owned by <paramref name="owner"/>. Each claim is a conditional update,
    /// so two instances never claim the same transaction. Returns the claimed xids.
    /// </summary>
    Task<IReadOnlyList<long>> ClaimDueAsync(string owner, long nowUnixMs, long leaseExpiresUnixMs, int maxCount, CancellationToken cancellationToken);

    /// <summary>
    /// Makes every unfinished transaction leased by <paramref name="owner"/> due now (NextAttemptUnixMs =
    /// <paramref name="nowUnixMs"/>). Called once at start: rows still leased by this instance id belong to
    /// its previous incarnation, which died, so the restarted instance takes them back without waiting for
    /// the lease to expire. Returns the number of transactions affected.
    /// </summary>
    Task<int> ReclaimOwnedAsync(string owner, long nowUnixMs, CancellationToken cancellationToken);

    /// <summary>The history of a transaction, oldest first.</summary>
    Task<IReadOnlyList<TransactionEvent>> GetEventsAsync(long xid, CancellationToken cancellationToken);

    /// <summary>Appends events outside any state change.</summary>
    Task AppendEventsAsync(IReadOnlyList<TransactionEvent> events, CancellationToken cancellationToken);
}
