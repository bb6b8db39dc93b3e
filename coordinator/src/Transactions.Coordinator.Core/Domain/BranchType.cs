namespace Transactions.Coordinator.Domain;

/// <summary>Kind of branch. Values are persisted: never renumber.</summary>
public enum BranchType
{
    /// <summary>Try-Confirm-Cancel.</summary>
    Tcc = 1,

    /// <summary>Saga step (action + compensation).</summary>
    Saga = 2,
}
