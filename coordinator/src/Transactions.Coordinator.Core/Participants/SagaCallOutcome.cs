namespace Transactions.Coordinator.Participants;

/// <summary>What a saga step call achieved.</summary>
public enum SagaCallOutcome
{
    /// <summary>Done.</summary>
    Succeeded,

    /// <summary>Not done now (transient failure, timeout, transport error): retry.</summary>
    RetryLater,

    /// <summary>The action failed for business reasons: do not retry; compensate.</summary>
    Failed,
}
