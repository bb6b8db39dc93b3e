namespace Transactions.Participants.Tests.Samples.Saga.Invalid;

public sealed class MissingCompensationSaga
{
    [SagaAction("missing-compensation", CompensationMethod = "Nope")]
    public Task RunAsync(SagaContext context) => Task.CompletedTask;
}
