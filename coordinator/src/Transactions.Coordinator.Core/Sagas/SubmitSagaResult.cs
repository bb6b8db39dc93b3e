using Transactions.Coordinator.Domain;

namespace Transactions.Coordinator.Sagas;

/// <summary>Result of <see cref="SagaCoordinator.SubmitAsync"/>.</summary>
/// <param name="Xid">The saga's xid.</param>
/// <param name="Status">Its global status when answering.</param>
/// <param name="Existing">True when the idempotency key matched an existing saga.</param>
public sealed record SubmitSagaResult(long Xid, GlobalStatus Status, bool Existing);
