namespace Transactions.Participants.Fence;

/// <summary>
/// What a fence call did. Every value means success for the caller (answer the coordinator with OK);
/// refusals and protocol violations are exceptions (<see cref="TccFenceTryRefusedException"/>,
/// <see cref="TccFenceProtocolViolationException"/>).
/// </summary>
public enum TccFenceOutcome
{
    /// <summary>The fence row changed and the business action ran; both committed in one local transaction.</summary>
    Executed,

    /// <summary>
    /// A duplicate call: the phase had already taken effect (Try: row is <see cref="TccFenceState.Tried"/>
    /// or <see cref="TccFenceState.Committed"/>; Confirm: <see cref="TccFenceState.Committed"/>; Cancel:
    /// <see cref="TccFenceState.RolledBack"/> or <see cref="TccFenceState.Suspended"/>). The business
    /// action did not run again.
    /// </summary>
    AlreadyDone,

    /// <summary>
    /// Cancel arrived before any Try: a <see cref="TccFenceState.Suspended"/> row was written and the
    /// business cancel did not run (there was nothing to release).
    /// </summary>
    EmptyRollback,
}
