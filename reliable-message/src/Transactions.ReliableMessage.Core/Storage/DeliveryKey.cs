namespace Transactions.ReliableMessage.Storage;

/// <summary>Identifies a delivery: a message for a consumer group.</summary>
public readonly record struct DeliveryKey(long MessageId, string ConsumerGroup);
