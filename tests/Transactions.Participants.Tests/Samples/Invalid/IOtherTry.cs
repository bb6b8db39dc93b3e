namespace Transactions.Participants.Tests.Samples.Invalid;

public interface IOtherTry
{
    [TccAction("sample-action", ConfirmMethod = nameof(DuplicateNameParticipant.ConfirmAsync), CancelMethod = nameof(DuplicateNameParticipant.CancelAsync))]
    Task OtherTryAsync(int quantity);
}
