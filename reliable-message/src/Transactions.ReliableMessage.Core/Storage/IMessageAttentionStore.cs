namespace Transactions.ReliableMessage.Storage;

/// <summary>Reads the history rows that flag a message for an operator, for the operator-alert sweep.</summary>
public interface IMessageAttentionStore
{
    /// <summary>
    /// Up to <paramref name="max"/> <c>parked</c> and <c>dead-lettered</c> history rows with an id above
    /// <paramref name="afterEventId"/> and written at or after <paramref name="notBeforeUnixMs"/>, with their messages,
    /// in id order; the rows read stop before the first history row of any kind written after
    /// <paramref name="notAfterUnixMs"/> (still settling).
    /// </summary>
    /// <param name="afterEventId">The sweep's cursor.</param>
    /// <param name="notBeforeUnixMs">Older rows are skipped.</param>
    /// <param name="notAfterUnixMs">Rows from the first one written later are left for a later sweep.</param>
    /// <param name="max">Most rows.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The rows and the next cursor (the last history row id examined).</returns>
    Task<FlaggedMessagesPage> ReadFlaggedAsync(long afterEventId, long notBeforeUnixMs, long notAfterUnixMs, int max, CancellationToken cancellationToken);
}
