namespace Transactions.Participants.Tests.Samples.Saga.Invalid;

public sealed class CompensationWithResultSaga
{
    [SagaAction("compensation-with-result", CompensationMethod = nameof(UndoAsync))]
    public Task RunAsync(SagaContext context) => Task.CompletedTask;

    public Task<string> UndoAsync(SagaContext context) => Task.FromResult("undone");
}
