namespace Transactions.Coordinator.Domain;

/// <summary>Kind of a global transaction. Values are persisted: never renumber.</summary>
public enum TransactionKind
{
    /// <summary>Try-Confirm-Cancel, begun with Begin (rows written before sagas existed read as 0: TCC too).</summary>
    Tcc = 1,

    /// <summary>A saga submitted with SubmitSaga and driven by the coordinator.</summary>
    Saga = 2,
}
