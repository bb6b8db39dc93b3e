namespace Transactions.ReliableMessage.Storage;

/// <summary>Filters and page of a dead-letter listing (newest message first).</summary>
/// <param name="ConsumerGroup">Only this group's dead deliveries; all when null.</param>
/// <param name="Topic">Only messages of this topic; all when null.</param>
/// <param name="DeadAtOrBeforeUnixMs">Only deliveries dead since at least then (a minimum age); all when null.</param>
/// <param name="BeforeMessageId">Cursor: only messages with a smaller id (the last id of the previous page); none when null.</param>
/// <param name="Limit">Page size (positive). A message dead for several groups is never split across pages.</param>
public sealed record DeadLetterQuery(string? ConsumerGroup, string? Topic, long? DeadAtOrBeforeUnixMs, long? BeforeMessageId, int Limit);
