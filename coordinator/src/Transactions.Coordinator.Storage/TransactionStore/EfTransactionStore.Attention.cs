using Microsoft.EntityFrameworkCore;
using Transactions.Coordinator.Domain;

namespace Transactions.Coordinator.Storage;

public sealed partial class EfTransactionStore : ITransactionAttentionStore
{
    /// <inheritdoc />
    /// <remarks>
    /// Three reads on the primary key's order from the cursor on (no index on the hot path's history table for this):
    /// the first row still settling bounds the page, the last settled row is the next cursor, and the flagged rows in
    /// between are joined to their transactions.
    /// </remarks>
    public async Task<FlaggedTransactionsPage> ReadFlaggedAsync(long afterEventId, long notBeforeUnixMs, long notAfterUnixMs, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            var events = context.Events.AsNoTracking();
            var firstUnsettled = await events.Where(e => e.Id > afterEventId && e.AtUnixMs > notAfterUnixMs)
                .MinAsync(e => (long?)e.Id, cancellationToken).ConfigureAwait(false);
            var upper = firstUnsettled ?? long.MaxValue;
            var items = await (
                    from e in events
                    join g in context.GlobalTransactions.AsNoTracking() on e.Xid equals g.Xid
                    where e.Id > afterEventId && e.Id < upper && e.Kind == TransactionEventKinds.NeedsAttention && e.AtUnixMs >= notBeforeUnixMs
                    orderby e.Id
                    select new FlaggedTransaction(e, g))
                .Take(max)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            if (items.Count == max)
            {
                return new FlaggedTransactionsPage(items, items[^1].Event.Id);
            }

            var lastSettled = await events.Where(e => e.Id > afterEventId && e.Id < upper)
                .MaxAsync(e => (long?)e.Id, cancellationToken).ConfigureAwait(false);
            return new FlaggedTransactionsPage(items, lastSettled ?? afterEventId);
        }
    }
}
