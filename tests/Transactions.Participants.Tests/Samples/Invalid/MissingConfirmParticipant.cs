namespace Transactions.Participants.Tests.Samples.Invalid;

public sealed class MissingConfirmParticipant : ISampleTry
{
    [TccAction("missing-confirm", ConfirmMethod = "Nope", CancelMethod = nameof(CancelAsync))]
    public Task TryAsync(string sku, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task CancelAsync(TccContext context) => Task.CompletedTask;
}
