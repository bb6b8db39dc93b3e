using Transactions.Coordinator.Domain;

namespace Transactions.Coordinator.Engine;

/// <summary>Result of Begin.</summary>
/// <param name="Transaction">The transaction (new, or the one the idempotency key named).</param>
/// <param name="Existing">True when the idempotency key matched an existing transaction.</param>
public sealed record BeginResult(GlobalTransaction Transaction, bool Existing);
