namespace Transactions.ReliableMessage.Consumer;

/// <summary>A message as handlers see it.</summary>
/// <param name="MessageId">The service's message id (unique; the de-duplication key).</param>
/// <param name="Topic">The producer's topic.</param>
/// <param name="Key">The partitioning key, or null.</param>
/// <param name="Payload">The body.</param>
/// <param name="ProducerGroup">The producer application.</param>
/// <param name="Attempt">1 for the first delivery to this group, then 2, 3, ...</param>
/// <param name="CreatedUnixMs">When it was prepared.</param>
/// <param name="CommittedUnixMs">When it was committed.</param>
public sealed record ConsumedMessage(
    long MessageId,
    string Topic,
    string? Key,
    ReadOnlyMemory<byte> Payload,
    string ProducerGroup,
    int Attempt,
    long CreatedUnixMs,
    long CommittedUnixMs);
