namespace Transactions.Coordinator.Domain;

/// <summary>Values of <see cref="TransactionEvent.Kind"/>.</summary>
public static class TransactionEventKinds
{
    /// <summary>Begin accepted.</summary>
    public const string Begun = "begun";

    /// <summary>A branch registered.</summary>
    public const string BranchRegistered = "branch-registered";

    /// <summary>A participant reported its phase-1 result.</summary>
    public const string BranchReported = "branch-reported";

    /// <summary>Commit decided (Active to Committing).</summary>
    public const string CommitDecided = "commit-decided";

    /// <summary>Rollback decided (Active to RollingBack).</summary>
    public const string RollbackDecided = "rollback-decided";

    /// <summary>A Confirm call succeeded.</summary>
    public const string BranchConfirmed = "branch-confirmed";

    /// <summary>A Cancel call succeeded.</summary>
    public const string BranchCancelled = "branch-cancelled";

    /// <summary>A phase-2 call failed and will be retried.</summary>
    public const string BranchCallFailed = "branch-call-failed";

    /// <summary>Every branch confirmed.</summary>
    public const string Committed = "committed";

    /// <summary>Every branch cancelled.</summary>
    public const string RolledBack = "rolled-back";

    /// <summary>Phase 2 flagged as needing attention.</summary>
    public const string NeedsAttention = "needs-attention";

    /// <summary>Taken over by recovery (lease claimed).</summary>
    public const string Recovered = "recovered";

    /// <summary>A saga was submitted.</summary>
    public const string SagaSubmitted = "saga-submitted";

    /// <summary>A saga step's action (or compensation) call is about to be made.</summary>
    public const string SagaStepStarted = "saga-step-started";

    /// <summary>A saga step's action succeeded.</summary>
    public const string SagaStepSucceeded = "saga-step-succeeded";

    /// <summary>A saga step's action or compensation call failed (retried, or the saga compensates).</summary>
    public const string SagaStepFailed = "saga-step-failed";

    /// <summary>A saga step was compensated.</summary>
    public const string SagaStepCompensated = "saga-step-compensated";

    /// <summary>A saga started compensating.</summary>
    public const string SagaCompensating = "saga-compensating";
}
