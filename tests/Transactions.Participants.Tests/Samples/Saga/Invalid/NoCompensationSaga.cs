namespace Transactions.Participants.Tests.Samples.Saga.Invalid;

public sealed class NoCompensationSaga
{
    [SagaAction("no-compensation")]
    public Task RunAsync(SagaContext context) => Task.CompletedTask;
}
