using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Transactions.ReliableMessage.Domain;

namespace Transactions.ReliableMessage.Storage;

public sealed partial class EfMessageStore : IMessageRetentionStore
{
    /// <inheritdoc />
    /// <remarks>
    /// Picks the batch's ids, deletes their deliveries and events, then the messages still under the same condition,
    /// in one local transaction. Rolled-back messages, acknowledged and discarded deliveries never change again.
    /// </remarks>
    public async Task<int> DeleteFinishedAsync(long beforeUnixMs, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            var finished = Finished(context, beforeUnixMs);
            var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var ids = await context.Messages.AsNoTracking()
                    .Where(finished)
                    .OrderBy(m => m.MessageId)
                    .Select(m => m.MessageId)
                    .Take(maxCount)
                    .ToListAsync(cancellationToken).ConfigureAwait(false);
                if (ids.Count == 0)
                {
                    return 0;
                }

                await context.Deliveries.Where(d => ids.Contains(d.MessageId)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
                await context.Events.Where(e => ids.Contains(e.MessageId)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
                var deleted = await context.Messages.Where(m => ids.Contains(m.MessageId)).Where(finished)
                    .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return deleted;
            }
        }
    }

    private static Expression<Func<StoredMessage, bool>> Finished(MessageDbContext context, long beforeUnixMs) =>
        m => m.UpdatedUnixMs < beforeUnixMs
            && (m.Status == MessageStatus.RolledBack
                || (m.Status == MessageStatus.Published
                    && !context.Deliveries.Any(d => d.MessageId == m.MessageId
                        && ((d.Status != DeliveryStatus.Acked && d.Status != DeliveryStatus.Discarded) || d.UpdatedUnixMs >= beforeUnixMs))));
}
