namespace Transactions.ReliableMessage.Domain;

/// <summary>A row of <c>rm_message_events</c>: history and audit of one message (parking, admin actions).</summary>
public sealed class MessageEvent
{
    /// <summary>Identity.</summary>
    public long Id { get; set; }

    /// <summary>The message.</summary>
    public long MessageId { get; set; }

    /// <summary>The consumer group, for delivery events.</summary>
    public string? ConsumerGroup { get; set; }

    /// <summary>When (Unix ms).</summary>
    public long AtUnixMs { get; set; }

    /// <summary>What happened (see <see cref="MessageEventKinds"/>).</summary>
    public string Kind { get; set; } = string.Empty;

    /// <summary>Who: an instance id, or the administrator.</summary>
    public string Actor { get; set; } = string.Empty;

    /// <summary>Reason or error.</summary>
    public string? Detail { get; set; }
}
