namespace Transactions.Participants.Fence;

/// <summary>
/// State of one branch in the TCC fence table. The numeric values are persisted (column <c>state</c>)
/// and match Seata's <c>tcc_fence_log</c> values: never renumber them.
/// </summary>
public enum TccFenceState
{
    /// <summary>Try ran and committed; the branch waits for Confirm or Cancel.</summary>
    Tried = 1,

    /// <summary>Confirm ran and committed (final).</summary>
    Committed = 2,

    /// <summary>Cancel ran after a Try and committed (final).</summary>
    RolledBack = 3,

    /// <summary>
    /// Cancel arrived before any Try (empty rollback): nothing was cancelled, and a later Try of the
    /// same branch is refused so that its reservation cannot hang (final).
    /// </summary>
    Suspended = 4,
}
