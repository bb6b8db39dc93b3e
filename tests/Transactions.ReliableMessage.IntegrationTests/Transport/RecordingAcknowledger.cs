using System.Collections.Concurrent;
using Transactions.ReliableMessage.Consumer;

namespace Transactions.ReliableMessage.IntegrationTests.Transport;

/// <summary>Stands in for the service in the transport suite: records acks and answers subscriptions.</summary>
public sealed class RecordingAcknowledger(Func<string, string?> retryTopicOf) : IServiceAcknowledger
{
    public ConcurrentDictionary<string, ConcurrentBag<long>> Acks { get; } = new(StringComparer.Ordinal);

    public Task AckAsync(string consumerGroup, IReadOnlyList<long> messageIds, CancellationToken cancellationToken)
    {
        var bag = Acks.GetOrAdd(consumerGroup, _ => []);
        foreach (var id in messageIds)
        {
            bag.Add(id);
        }

        return Task.CompletedTask;
    }

    public Task<string?> SubscribeAsync(string consumerGroup, IReadOnlyCollection<string> topics, string? pushEndpoint, CancellationToken cancellationToken) =>
        Task.FromResult(retryTopicOf(consumerGroup));
}
