namespace Transactions.ReliableMessage.Errors;

/// <summary>The message or delivery is not in a status that allows the request. Maps to FailedPrecondition.</summary>
public sealed class MessageStateException(long messageId, string status, string message) : ReliableMessageException(message)
{
    /// <summary>The message.</summary>
    public long MessageId { get; } = messageId;

    /// <summary>Its status (or its delivery's) when the request was refused.</summary>
    public string Status { get; } = status;
}
