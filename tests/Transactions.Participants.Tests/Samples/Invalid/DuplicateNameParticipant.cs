namespace Transactions.Participants.Tests.Samples.Invalid;

/// <summary>Reuses the action name of <see cref="SampleParticipant"/>.</summary>
public sealed class DuplicateNameParticipant : IOtherTry
{
    public Task OtherTryAsync(int quantity) => Task.CompletedTask;

    public Task ConfirmAsync(TccContext context) => Task.CompletedTask;

    public Task CancelAsync(TccContext context) => Task.CompletedTask;
}
