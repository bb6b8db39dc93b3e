namespace Transactions.Participants.Tests.Samples.Invalid;

public sealed class NegativeTimeoutFlow : ISampleTry
{
    [GlobalTransactional(TimeoutMs = -1)]
    public Task TryAsync(string sku, CancellationToken cancellationToken) => Task.CompletedTask;
}
