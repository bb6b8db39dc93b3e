namespace Transactions.Participants.Tests.Samples.Saga.Invalid;

public sealed class NoActionSaga
{
    public Task RunAsync(SagaContext context) => Task.CompletedTask;
}
