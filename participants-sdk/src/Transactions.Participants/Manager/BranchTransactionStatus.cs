namespace Transactions.Participants;

/// <summary>Status of one branch of a global transaction.</summary>
public enum BranchTransactionStatus
{
    /// <summary>The coordinator answered with a status this SDK does not know.</summary>
    Unknown = 0,

    /// <summary>Registered by the participant's Try; waiting for phase 2.</summary>
    Registered = 1,

    /// <summary>The participant reported that its Try failed (the transaction rolls back).</summary>
    PhaseOneFailed = 2,

    /// <summary>Confirm took effect.</summary>
    Confirmed = 3,

    /// <summary>Cancel took effect.</summary>
    Cancelled = 4,

    /// <summary>Resolved by an administrator.</summary>
    ManuallyResolved = 5,
}
