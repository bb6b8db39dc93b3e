namespace Transactions.Coordinator.Domain;

/// <summary>Status of a global transaction. Values are persisted: never renumber.</summary>
public enum GlobalStatus
{
    /// <summary>Begun; branches may register.</summary>
    Active = 1,

    /// <summary>Commit decided and durable; branches are being confirmed.</summary>
    Committing = 2,

    /// <summary>Every branch confirmed (terminal).</summary>
    Committed = 3,

    /// <summary>Rollback decided and durable; branches are being cancelled.</summary>
    RollingBack = 4,

    /// <summary>Every branch cancelled (terminal).</summary>
    RolledBack = 5,
}
