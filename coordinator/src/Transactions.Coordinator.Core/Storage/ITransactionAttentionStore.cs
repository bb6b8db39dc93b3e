namespace Transactions.Coordinator.Storage;

/// <summary>Reads the history rows that flag a transaction for an operator, for the operator-alert sweep.</summary>
public interface ITransactionAttentionStore
{
    /// <summary>
    /// Up to <paramref name="max"/> <c>needs-attention</c> history rows with an id above <paramref name="afterEventId"/>
    /// and written at or after <paramref name="notBeforeUnixMs"/>, with their transactions, in id order; the rows read
    /// stop before the first history row of any kind written after <paramref name="notAfterUnixMs"/> (still settling).
    /// </summary>
    /// <param name="afterEventId">The sweep's cursor.</param>
    /// <param name="notBeforeUnixMs">Older rows are skipped.</param>
    /// <param name="notAfterUnixMs">Rows from the first one written later are left for a later sweep.</param>
    /// <param name="max">Most rows.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The rows and the next cursor (the last history row id examined).</returns>
    Task<FlaggedTransactionsPage> ReadFlaggedAsync(long afterEventId, long notBeforeUnixMs, long notAfterUnixMs, int max, CancellationToken cancellationToken);
}
