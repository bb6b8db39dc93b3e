namespace Transactions.Participants.Tests.Samples.Saga.Invalid;

/// <summary>Reuses the action name of <see cref="OrderSaga"/>.</summary>
public sealed class DuplicateActionNameSaga
{
    [SagaAction("create-order", CompensationMethod = nameof(UndoAsync))]
    public Task RunAsync(SagaContext context) => Task.CompletedTask;

    public Task UndoAsync(SagaContext context) => Task.CompletedTask;
}
