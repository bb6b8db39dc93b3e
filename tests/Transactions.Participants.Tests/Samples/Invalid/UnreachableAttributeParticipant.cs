namespace Transactions.Participants.Tests.Samples.Invalid;

public sealed class UnreachableAttributeParticipant : ISampleTry
{
    public Task TryAsync(string sku, CancellationToken cancellationToken) => Task.CompletedTask;

    [TccAction("unreachable", ConfirmMethod = nameof(ConfirmAsync), CancelMethod = nameof(CancelAsync))]
    public Task HiddenTryAsync() => Task.CompletedTask;

    public Task ConfirmAsync(TccContext context) => Task.CompletedTask;

    public Task CancelAsync(TccContext context) => Task.CompletedTask;
}
