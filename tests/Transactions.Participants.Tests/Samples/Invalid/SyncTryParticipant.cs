namespace Transactions.Participants.Tests.Samples.Invalid;

public sealed class SyncTryParticipant : ISyncTry
{
    public void Try(string sku)
    {
    }

    public Task ConfirmAsync(TccContext context) => Task.CompletedTask;

    public Task CancelAsync(TccContext context) => Task.CompletedTask;
}
