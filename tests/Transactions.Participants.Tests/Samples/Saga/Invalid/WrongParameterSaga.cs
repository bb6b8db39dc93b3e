namespace Transactions.Participants.Tests.Samples.Saga.Invalid;

public sealed class WrongParameterSaga
{
    [SagaAction("wrong-parameter", CompensationMethod = nameof(UndoAsync))]
    public Task RunAsync(string sku, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task UndoAsync(SagaContext context) => Task.CompletedTask;
}
