namespace Transactions.Participants.Tests.Samples.Saga.Invalid;

public sealed class SameNameTwiceSaga
{
    [SagaAction("twice", CompensationMethod = nameof(UndoAsync))]
    public Task FirstAsync(SagaContext context) => Task.CompletedTask;

    [SagaAction("twice", CompensationMethod = nameof(UndoAsync))]
    public Task SecondAsync(SagaContext context) => Task.CompletedTask;

    public Task UndoAsync(SagaContext context) => Task.CompletedTask;
}
