namespace Transactions.ReliableMessage.Domain;

/// <summary>
/// Status of a message: <c>Prepared -> Committed -> Published</c>, or <c>Prepared -> RolledBack</c>;
/// <c>Prepared -> Parked</c> when back-checks are exhausted (an administrator or a late producer
/// Commit/Rollback resolves it). Values are stored: never renumber.
/// </summary>
public enum MessageStatus
{
    /// <summary>Stored by Prepare, invisible to consumers.</summary>
    Prepared = 1,

    /// <summary>Committed; waiting to be published.</summary>
    Committed = 2,

    /// <summary>Handed to the transport; per-group state lives in the deliveries.</summary>
    Published = 3,

    /// <summary>Rolled back; never delivered.</summary>
    RolledBack = 4,

    /// <summary>Back-checks exhausted: waits for an administrator, never discarded.</summary>
    Parked = 5,
}
