using Transactions.Coordinator.Domain;

namespace Transactions.Coordinator.Storage;

/// <summary>Result of <see cref="ITransactionStore.BeginAsync"/>.</summary>
/// <param name="Transaction">The new transaction, or the existing one with the same idempotency key.</param>
/// <param name="Created">False when the idempotency key matched an existing transaction.</param>
public sealed record BeginOutcome(GlobalTransaction Transaction, bool Created);
