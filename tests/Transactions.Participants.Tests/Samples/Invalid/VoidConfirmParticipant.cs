namespace Transactions.Participants.Tests.Samples.Invalid;

public sealed class VoidConfirmParticipant : ISampleTry
{
    [TccAction("void-confirm", ConfirmMethod = nameof(Confirm), CancelMethod = nameof(CancelAsync))]
    public Task TryAsync(string sku, CancellationToken cancellationToken) => Task.CompletedTask;

    public void Confirm(TccContext context)
    {
    }

    public Task CancelAsync(TccContext context) => Task.CompletedTask;
}
