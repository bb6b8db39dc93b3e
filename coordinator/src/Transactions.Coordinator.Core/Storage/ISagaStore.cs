using Transactions.Coordinator.Domain;

namespace Transactions.Coordinator.Storage;

/// <summary>
/// Durable state of sagas, next to <see cref="ITransactionStore"/>: a saga is a global transaction of kind
/// <see cref="TransactionKind.Saga"/> (claimed, leased and recovered like any other) with a definition row
/// and one row per step. Transitions and the end of a round use <see cref="ITransactionStore.TryTransitionAsync"/>
/// and <see cref="ITransactionStore.SavePhaseTwoRoundAsync"/>.
/// </summary>
public interface ISagaStore
{
    /// <summary>
    /// Inserts the saga's global transaction (as given: Committing, leased), its definition, its steps and
    /// <paramref name="submitted"/> in one local transaction. When a transaction with the same
    /// (ApplicationId, IdempotencyKey) exists, nothing is written and it is returned with
    /// <see cref="BeginOutcome.Created"/> false.
    /// </summary>
    Task<BeginOutcome> SubmitAsync(GlobalTransaction transaction, SagaRecord saga, IReadOnlyList<SagaStepState> steps, TransactionEvent submitted, CancellationToken cancellationToken);

    /// <summary>The saga, or null when no saga has that xid. Not tracked.</summary>
    Task<SagaSnapshot?> LoadSagaAsync(long xid, CancellationToken cancellationToken);

    /// <summary>
    /// Only while the saga is in <see cref="SagaStepsWrite.Status"/> and leased by <see cref="SagaStepsWrite.Owner"/>:
    /// renews the lease, writes the steps and appends the events, in one local transaction. False (nothing
    /// written) when the saga moved on or the lease was lost.
    /// </summary>
    Task<bool> SaveStepsAsync(SagaStepsWrite write, CancellationToken cancellationToken);
}
