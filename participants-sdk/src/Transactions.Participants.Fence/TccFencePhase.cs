namespace Transactions.Participants.Fence;

/// <summary>The TCC phase a fence call protects.</summary>
public enum TccFencePhase
{
    /// <summary>First phase: reserve resources.</summary>
    Try,

    /// <summary>Second phase, commit: use the reservation.</summary>
    Confirm,

    /// <summary>Second phase, rollback: release the reservation.</summary>
    Cancel,
}
