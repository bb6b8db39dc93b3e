namespace Transactions.Coordinator.Domain;

/// <summary>Status of a saga step. Values are persisted: never renumber.</summary>
public enum SagaStepStatus
{
    /// <summary>Not called yet (never compensated).</summary>
    Pending = 1,

    /// <summary>The action was (or is about to be) called: it may have taken effect. Also while awaiting a retry.</summary>
    Running = 2,

    /// <summary>The action succeeded.</summary>
    Succeeded = 3,

    /// <summary>The action failed for good (business failure or retries exhausted); it may still have taken effect.</summary>
    Failed = 4,

    /// <summary>The compensation was (or is about to be) called, and is retried until it succeeds.</summary>
    Compensating = 5,

    /// <summary>The compensation succeeded (terminal).</summary>
    Compensated = 6,
}
