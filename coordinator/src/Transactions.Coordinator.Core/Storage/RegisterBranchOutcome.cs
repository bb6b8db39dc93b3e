using Transactions.Coordinator.Domain;

namespace Transactions.Coordinator.Storage;

/// <summary>Result of <see cref="ITransactionStore.RegisterBranchAsync"/>.</summary>
/// <param name="Found">False when no global transaction has that xid.</param>
/// <param name="GlobalStatus">Status of the global transaction when the call ran.</param>
/// <param name="Registered">
/// True when the branch was written (the global was Active), or had been written by an earlier call with the same
/// idempotency key (<see cref="Replayed"/>).
/// </param>
public sealed record RegisterBranchOutcome(bool Found, GlobalStatus GlobalStatus, bool Registered)
{
    /// <summary>The registered branch's id: the new branch's, or the one an earlier call with the same key registered.</summary>
    public long BranchId { get; init; }

    /// <summary>True when an earlier call with the same idempotency key had registered the branch: nothing was written.</summary>
    public bool Replayed { get; init; }
}
