namespace Transactions.ReliableMessage.Domain;

/// <summary>A row of <c>rm_subscriptions</c>: a consumer group consumes a topic.</summary>
public sealed class TopicSubscription
{
    /// <summary>The consumer group.</summary>
    public string ConsumerGroup { get; set; } = string.Empty;

    /// <summary>The topic.</summary>
    public string Topic { get; set; } = string.Empty;

    /// <summary>Embedded push transport: the group's gRPC endpoint; null otherwise.</summary>
    public string? PushEndpoint { get; set; }

    /// <summary>First subscription (Unix ms).</summary>
    public long CreatedUnixMs { get; set; }

    /// <summary>Last subscription (Unix ms).</summary>
    public long UpdatedUnixMs { get; set; }
}
