namespace Transactions.ReliableMessage.Engine;

/// <summary>Input of <see cref="ReliableMessageEngine.PrepareAsync"/> (validated there).</summary>
/// <param name="Topic">Topic.</param>
/// <param name="Key">Partitioning key, optional.</param>
/// <param name="Payload">Body.</param>
/// <param name="ProducerGroup">Producer application.</param>
/// <param name="ProducerKey">Idempotency key, optional.</param>
/// <param name="CheckEndpoint">Back-check endpoint, optional.</param>
public sealed record PrepareCommand(string Topic, string? Key, ReadOnlyMemory<byte> Payload, string ProducerGroup, string? ProducerKey, string? CheckEndpoint);
