namespace Transactions.ReliableMessage.Domain;

/// <summary>Values of <see cref="MessageEvent.Kind"/>.</summary>
public static class MessageEventKinds
{
    /// <summary>Back-checks exhausted; the message waits for an administrator.</summary>
    public const string Parked = "parked";

    /// <summary>The back-check answered Commit.</summary>
    public const string CheckCommitted = "check-committed";

    /// <summary>The back-check answered Rollback.</summary>
    public const string CheckRolledBack = "check-rolled-back";

    /// <summary>A delivery became a dead letter.</summary>
    public const string DeadLettered = "dead-lettered";

    /// <summary>An administrator requeued a dead letter.</summary>
    public const string Requeued = "requeued";

    /// <summary>An administrator discarded a dead letter.</summary>
    public const string Discarded = "discarded";

    /// <summary>An administrator committed a parked message.</summary>
    public const string AdminCommitted = "admin-committed";

    /// <summary>An administrator rolled a parked message back.</summary>
    public const string AdminRolledBack = "admin-rolled-back";

    /// <summary>An administrator asked for a back-check now (of a prepared or parked message).</summary>
    public const string RecheckRequested = "recheck-requested";
}
