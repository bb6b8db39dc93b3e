namespace Transactions.Participants;

/// <summary>The phase of a TCC action.</summary>
public enum TccPhase
{
    /// <summary>First phase: check and reserve resources.</summary>
    Try,

    /// <summary>Second phase after a commit: use the reservation.</summary>
    Confirm,

    /// <summary>Second phase after a rollback: release the reservation.</summary>
    Cancel,
}
