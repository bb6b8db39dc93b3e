namespace Transactions.Participants;

/// <summary>Status of a global transaction, as the coordinator keeps it. A decision (Committing, RollingBack) never flips.</summary>
public enum GlobalTransactionStatus
{
    /// <summary>The coordinator answered with a status this SDK does not know.</summary>
    Unknown = 0,

    /// <summary>Begun; branches may register; neither committed nor rolled back yet.</summary>
    Active = 1,

    /// <summary>Commit decided and durable; Confirms are being delivered (retried until they succeed).</summary>
    Committing = 2,

    /// <summary>Every branch confirmed.</summary>
    Committed = 3,

    /// <summary>Rollback decided and durable; Cancels are being delivered (retried until they succeed).</summary>
    RollingBack = 4,

    /// <summary>Every branch cancelled.</summary>
    RolledBack = 5,
}
