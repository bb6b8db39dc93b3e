namespace Transactions.ReliableMessage.Consumer.Inbox;

/// <summary>Where the inbox table goes in the consumer's model.</summary>
public sealed class MessageInboxModelOptions
{
    /// <summary>Table name. Default: <c>rm_message_inbox</c>.</summary>
    public string TableName { get; set; } = "rm_message_inbox";

    /// <summary>Schema; null for the context's default. Default: null.</summary>
    public string? Schema { get; set; }
}
