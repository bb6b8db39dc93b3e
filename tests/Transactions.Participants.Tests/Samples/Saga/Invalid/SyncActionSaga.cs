namespace Transactions.Participants.Tests.Samples.Saga.Invalid;

public sealed class SyncActionSaga
{
    [SagaAction("sync-action", CompensationMethod = nameof(UndoAsync))]
    public string Run(SagaContext context) => context.Input;

    public Task UndoAsync(SagaContext context) => Task.CompletedTask;
}
