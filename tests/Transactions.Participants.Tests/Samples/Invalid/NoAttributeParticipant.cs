namespace Transactions.Participants.Tests.Samples.Invalid;

public sealed class NoAttributeParticipant : ISampleTry
{
    public Task TryAsync(string sku, CancellationToken cancellationToken) => Task.CompletedTask;
}
