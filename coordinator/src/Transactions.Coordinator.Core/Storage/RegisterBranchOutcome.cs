using Transactions.Coordinator.Domain;

namespace Transactions.Coordinator.Storage;

/// <summary>Result of <see cref="ITransactionStore.RegisterBranchAsync"/>.</summary>
/// <param name="Found">False when no global transaction has that xid.</param>
/// <param name="GlobalStatus">Status of the global transaction when the call ran.</param>
/// <param name="Registered">True when the branch was written (the global was Active).</param>
public sealed record RegisterBranchOutcome(bool Found, GlobalStatus GlobalStatus, bool Registered);
