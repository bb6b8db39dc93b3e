namespace Transactions.Coordinator.Admin.Actions;

/// <summary>Kinds of the history entries written by admin actions (the actor is the API key's name).</summary>
public static class AdminEventKinds
{
    /// <summary>An operator asked for a phase-2 round now.</summary>
    public const string RetryRequested = "admin-retry";

    /// <summary>An operator reset the phase-2 backoff and the needs-attention flag, then ran a round.</summary>
    public const string Redriven = "admin-redrive";

    /// <summary>An operator marked a branch resolved by hand.</summary>
    public const string BranchResolved = "admin-branch-resolved";
}
