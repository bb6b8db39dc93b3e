namespace Transactions.Coordinator.Domain;

/// <summary>Status of a branch. Values are persisted: never renumber.</summary>
public enum BranchStatus
{
    /// <summary>Registered by the participant's Try.</summary>
    Registered = 1,

    /// <summary>The participant reported its Try failed.</summary>
    PhaseOneFailed = 2,

    /// <summary>Confirm took effect (terminal).</summary>
    Confirmed = 3,

    /// <summary>Cancel took effect (terminal).</summary>
    Cancelled = 4,

    /// <summary>Resolved by an administrator, with a reason (terminal).</summary>
    ManuallyResolved = 5,
}
