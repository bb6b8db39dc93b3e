using Transactions.Coordinator.Domain;
using Transactions.Coordinator.Storage;

namespace Transactions.Coordinator.Sagas;

/// <summary>A saga with its history, as <see cref="SagaCoordinator.GetAsync"/> returns it.</summary>
public sealed record SagaView(SagaSnapshot Saga, IReadOnlyList<TransactionEvent> History);
