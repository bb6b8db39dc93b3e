namespace Transactions.Participants.Tests.Samples.Invalid;

public sealed class WrongConfirmParameterParticipant : ISampleTry
{
    [TccAction("wrong-parameter", ConfirmMethod = nameof(ConfirmAsync), CancelMethod = nameof(CancelAsync))]
    public Task TryAsync(string sku, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ConfirmAsync(string sku) => Task.CompletedTask;

    public Task CancelAsync(TccContext context) => Task.CompletedTask;
}
