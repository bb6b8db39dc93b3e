namespace Transactions.ReliableMessage.Consumer.Inbox;

/// <summary>A row of the inbox (de-duplication) table, <c>rm_message_inbox</c> by default, in the consumer's database.</summary>
public sealed class InboxRecord
{
    /// <summary>The consumer group (key part 1: one database may serve several groups).</summary>
    public string ConsumerGroup { get; set; } = string.Empty;

    /// <summary>The message (key part 2).</summary>
    public long MessageId { get; set; }

    /// <summary>When it was processed (Unix ms).</summary>
    public long ProcessedUnixMs { get; set; }
}
