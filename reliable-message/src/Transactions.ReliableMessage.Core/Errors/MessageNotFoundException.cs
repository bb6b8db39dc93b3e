namespace Transactions.ReliableMessage.Errors;

/// <summary>No message (or delivery) has the given id. Maps to NotFound.</summary>
public sealed class MessageNotFoundException : ReliableMessageException
{
    /// <summary>Creates the exception for a message.</summary>
    public MessageNotFoundException(long messageId)
        : base($"Message {messageId} was not found.")
    {
        MessageId = messageId;
    }

    /// <summary>Creates the exception for a delivery.</summary>
    public MessageNotFoundException(long messageId, string consumerGroup)
        : base($"Message {messageId} has no delivery to consumer group '{consumerGroup}'.")
    {
        MessageId = messageId;
        ConsumerGroup = consumerGroup;
    }

    /// <summary>The message asked for.</summary>
    public long MessageId { get; }

    /// <summary>The consumer group asked for, if any.</summary>
    public string? ConsumerGroup { get; }
}
