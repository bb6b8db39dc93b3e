namespace Transactions.Participants.Tests.Samples.Saga.Invalid;

public sealed class OverloadedCompensationSaga
{
    [SagaAction("overloaded-compensation", CompensationMethod = nameof(UndoAsync))]
    public Task RunAsync(SagaContext context) => Task.CompletedTask;

    public Task UndoAsync(SagaContext context) => Task.CompletedTask;

    public Task UndoAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
