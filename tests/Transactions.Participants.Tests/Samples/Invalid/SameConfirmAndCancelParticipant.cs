namespace Transactions.Participants.Tests.Samples.Invalid;

public sealed class SameConfirmAndCancelParticipant : ISampleTry
{
    [TccAction("same", ConfirmMethod = nameof(EndAsync), CancelMethod = nameof(EndAsync))]
    public Task TryAsync(string sku, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task EndAsync(TccContext context) => Task.CompletedTask;
}
