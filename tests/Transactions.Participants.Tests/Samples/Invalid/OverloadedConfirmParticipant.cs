namespace Transactions.Participants.Tests.Samples.Invalid;

public sealed class OverloadedConfirmParticipant : ISampleTry
{
    [TccAction("overloaded", ConfirmMethod = nameof(ConfirmAsync), CancelMethod = nameof(CancelAsync))]
    public Task TryAsync(string sku, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ConfirmAsync(TccContext context) => Task.CompletedTask;

    public Task ConfirmAsync(TccContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task CancelAsync(TccContext context) => Task.CompletedTask;
}
