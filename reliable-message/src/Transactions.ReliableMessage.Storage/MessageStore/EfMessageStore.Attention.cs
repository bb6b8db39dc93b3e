using Microsoft.EntityFrameworkCore;
using Transactions.ReliableMessage.Domain;

namespace Transactions.ReliableMessage.Storage;

public sealed partial class EfMessageStore : IMessageAttentionStore
{
    /// <inheritdoc />
    /// <remarks>
    /// Reads on the primary key's order from the cursor on, like the coordinator's: the first row still settling bounds
    /// the page, the last settled row is the next cursor, and the flagging rows in between are joined to their messages.
    /// </remarks>
    public async Task<FlaggedMessagesPage> ReadFlaggedAsync(long afterEventId, long notBeforeUnixMs, long notAfterUnixMs, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            var history = context.Events.AsNoTracking().Where(e => e.Id > afterEventId);
            var upper = await history.Where(e => e.AtUnixMs > notAfterUnixMs)
                .MinAsync(e => (long?)e.Id, cancellationToken).ConfigureAwait(false) ?? long.MaxValue;
            var settled = history.Where(e => e.Id < upper);
            var items = await (
                    from e in settled
                    join m in context.Messages.AsNoTracking() on e.MessageId equals m.MessageId
                    where (e.Kind == MessageEventKinds.Parked || e.Kind == MessageEventKinds.DeadLettered) && e.AtUnixMs >= notBeforeUnixMs
                    orderby e.Id
                    select new FlaggedMessage(e, m))
                .Take(max)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            var cursor = items.Count == max
                ? items[^1].Event.Id
                : await settled.MaxAsync(e => (long?)e.Id, cancellationToken).ConfigureAwait(false) ?? afterEventId;
            return new FlaggedMessagesPage(items, cursor);
        }
    }
}
