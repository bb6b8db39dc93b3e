using Transactions.ReliableMessage.Consumer;

namespace Transactions.ReliableMessage.IntegrationTests.Infrastructure;

/// <summary>Wraps the real acknowledger; while <see cref="Drop"/> is set, acks are lost (the consumer "dies" before acking).</summary>
public sealed class SwitchableAcknowledger(IServiceAcknowledger inner) : IServiceAcknowledger
{
    private int _dropped;

    public volatile bool Drop;

    public int Dropped => _dropped;

    public Task AckAsync(string consumerGroup, IReadOnlyList<long> messageIds, CancellationToken cancellationToken)
    {
        if (Drop)
        {
            Interlocked.Add(ref _dropped, messageIds.Count);
            return Task.CompletedTask;
        }

        return inner.AckAsync(consumerGroup, messageIds, cancellationToken);
    }

    public Task<string?> SubscribeAsync(string consumerGroup, IReadOnlyCollection<string> topics, string? pushEndpoint, CancellationToken cancellationToken) =>
        inner.SubscribeAsync(consumerGroup, topics, pushEndpoint, cancellationToken);
}
