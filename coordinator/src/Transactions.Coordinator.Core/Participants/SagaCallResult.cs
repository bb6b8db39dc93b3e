namespace Transactions.Coordinator.Participants;

/// <summary>Outcome of one saga step call.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Output">The action's output (success only).</param>
/// <param name="Error">Why it did not succeed.</param>
public readonly record struct SagaCallResult(SagaCallOutcome Outcome, string? Output, string? Error)
{
    /// <summary>Done, with an output.</summary>
    public static SagaCallResult Success(string? output) => new(SagaCallOutcome.Succeeded, output, null);

    /// <summary>Transient failure.</summary>
    public static SagaCallResult Retry(string error) => new(SagaCallOutcome.RetryLater, null, error);

    /// <summary>Business failure.</summary>
    public static SagaCallResult Failure(string error) => new(SagaCallOutcome.Failed, null, error);
}
