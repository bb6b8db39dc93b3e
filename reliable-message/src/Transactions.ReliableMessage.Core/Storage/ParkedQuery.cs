namespace Transactions.ReliableMessage.Storage;

/// <summary>Filters and page of a parked-message listing (newest first).</summary>
/// <param name="ProducerGroup">Only this producer group's messages; all when null.</param>
/// <param name="BeforeMessageId">Cursor: only messages with a smaller id (the last id of the previous page); none when null.</param>
/// <param name="Limit">Page size (positive).</param>
public sealed record ParkedQuery(string? ProducerGroup, long? BeforeMessageId, int Limit);
