namespace Transactions.Participants.Tests.Samples.Invalid;

public sealed class BothAttributesParticipant : ISampleTry
{
    [TccAction("both", ConfirmMethod = nameof(ConfirmAsync), CancelMethod = nameof(CancelAsync))]
    [GlobalTransactional]
    public Task TryAsync(string sku, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ConfirmAsync(TccContext context) => Task.CompletedTask;

    public Task CancelAsync(TccContext context) => Task.CompletedTask;
}
