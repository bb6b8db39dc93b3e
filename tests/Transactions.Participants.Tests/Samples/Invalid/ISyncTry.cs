namespace Transactions.Participants.Tests.Samples.Invalid;

public interface ISyncTry
{
    [TccAction("sync", ConfirmMethod = nameof(SyncTryParticipant.ConfirmAsync), CancelMethod = nameof(SyncTryParticipant.CancelAsync))]
    void Try(string sku);
}
