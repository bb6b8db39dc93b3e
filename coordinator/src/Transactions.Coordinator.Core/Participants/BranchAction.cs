namespace Transactions.Coordinator.Participants;

/// <summary>A phase-2 call made to a participant.</summary>
public enum BranchAction
{
    /// <summary>Confirm (commit) the branch.</summary>
    Confirm,

    /// <summary>Cancel (roll back) the branch.</summary>
    Cancel,
}
