namespace Transactions.ReliableMessage.Producer;

/// <summary>A message a producer sends.</summary>
/// <param name="Topic">Topic (1-200 characters of [a-zA-Z0-9._-]).</param>
/// <param name="Key">Partitioning key (order is kept per key on Kafka); optional.</param>
/// <param name="Payload">Body.</param>
/// <param name="ProducerKey">Idempotency key: a retried Prepare with the same key returns the same message; optional.</param>
public sealed record MessageToSend(string Topic, string? Key, ReadOnlyMemory<byte> Payload, string? ProducerKey = null);
