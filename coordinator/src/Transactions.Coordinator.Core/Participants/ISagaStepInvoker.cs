namespace Transactions.Coordinator.Participants;

/// <summary>Makes one saga step call with its timeout. Never throws for participant failures.</summary>
public interface ISagaStepInvoker
{
    /// <summary>Calls Execute or Compensate once, cut off after <paramref name="timeout"/>.</summary>
    Task<SagaCallResult> InvokeAsync(SagaStepCall call, TimeSpan timeout, CancellationToken cancellationToken);
}
