using Transactions.Coordinator.Domain;

namespace Transactions.Coordinator.Storage;

/// <summary>A saga's global transaction, definition JSON and step states (ordered by ordinal), read together.</summary>
public sealed record SagaSnapshot(GlobalTransaction Transaction, string Definition, IReadOnlyList<SagaStepState> Steps);
