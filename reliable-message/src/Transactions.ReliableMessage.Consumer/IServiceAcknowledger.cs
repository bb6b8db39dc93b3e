namespace Transactions.ReliableMessage.Consumer;

/// <summary>Sends acknowledgements and subscriptions to the service (replaceable, e.g. to simulate a lost ack in tests).</summary>
public interface IServiceAcknowledger
{
    /// <summary>Acknowledges processed messages for the consumer group. Throws on failure.</summary>
    Task AckAsync(string consumerGroup, IReadOnlyList<long> messageIds, CancellationToken cancellationToken);

    /// <summary>Subscribes the group to topics; returns its retry topic (Kafka) or null. Throws on failure.</summary>
    Task<string?> SubscribeAsync(string consumerGroup, IReadOnlyCollection<string> topics, string? pushEndpoint, CancellationToken cancellationToken);
}
