using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Transactions.ReliableMessage.Domain;

namespace Transactions.ReliableMessage.Storage;

public sealed partial class EfMessageStore
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(DeadLetterQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.Limit);
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            var dead = context.Deliveries.AsNoTracking().Where(d => d.Status == DeliveryStatus.Dead);
            if (query.ConsumerGroup is { } group)
            {
                dead = dead.Where(d => d.ConsumerGroup == group);
            }

            if (query.DeadAtOrBeforeUnixMs is { } deadBy)
            {
                dead = dead.Where(d => d.UpdatedUnixMs <= deadBy);
            }

            if (query.BeforeMessageId is { } before)
            {
                dead = dead.Where(d => d.MessageId < before);
            }

            var messages = context.Messages.AsNoTracking();
            if (query.Topic is { } topic)
            {
                messages = messages.Where(m => m.Topic == topic);
            }

            var rows = await (
                from d in dead
                join m in messages on d.MessageId equals m.MessageId
                orderby d.MessageId descending, d.ConsumerGroup
                select new DeadLetter(d.MessageId, m.Topic, m.Key, d.ConsumerGroup, d.Attempts, d.UpdatedUnixMs, d.LastError))
                .Take(query.Limit + 1)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            return WholeMessagesPage(rows, query.Limit);
        }
    }

    /// <summary>
    /// The first <paramref name="limit"/> rows, less the last message's rows when that message continues past the page
    /// (so a cursor on the last message id skips none of its groups), unless that message fills the whole page.
    /// </summary>
    private static List<DeadLetter> WholeMessagesPage(List<DeadLetter> rows, int limit)
    {
        if (rows.Count <= limit)
        {
            return rows;
        }

        var split = rows[limit].MessageId;
        var page = rows.Take(limit).ToList();
        var whole = page.Where(r => r.MessageId != split).ToList();
        return whole.Count > 0 ? whole : page;
    }

    /// <inheritdoc />
    public Task<DeliveryStatus?> RequeueAsync(long messageId, string consumerGroup, long nowUnixMs, MessageEvent audit, CancellationToken cancellationToken) =>
        AdminDeliveryActionAsync(
            messageId,
            consumerGroup,
            audit,
            d => d.Status == DeliveryStatus.Dead || d.Status == DeliveryStatus.Discarded,
            (q, ct) => q.ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DeliveryStatus.Pending)
                .SetProperty(d => d.Attempts, 0)
                .SetProperty(d => d.NextAttemptUnixMs, nowUnixMs)
                .SetProperty(d => d.LeaseOwner, (string?)null)
                .SetProperty(d => d.LeaseExpiresUnixMs, (long?)null)
                .SetProperty(d => d.UpdatedUnixMs, nowUnixMs), ct),
            DeliveryStatus.Pending,
            cancellationToken);

    /// <inheritdoc />
    public Task<DeliveryStatus?> DiscardAsync(long messageId, string consumerGroup, long nowUnixMs, MessageEvent audit, CancellationToken cancellationToken) =>
        AdminDeliveryActionAsync(
            messageId,
            consumerGroup,
            audit,
            d => d.Status == DeliveryStatus.Dead,
            (q, ct) => q.ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DeliveryStatus.Discarded)
                .SetProperty(d => d.NextAttemptUnixMs, (long?)null)
                .SetProperty(d => d.UpdatedUnixMs, nowUnixMs), ct),
            DeliveryStatus.Discarded,
            cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredMessage>> ListParkedAsync(ParkedQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.Limit);
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            var parked = context.Messages.AsNoTracking().Where(m => m.Status == MessageStatus.Parked);
            if (query.ProducerGroup is { } group)
            {
                parked = parked.Where(m => m.ProducerGroup == group);
            }

            if (query.BeforeMessageId is { } before)
            {
                parked = parked.Where(m => m.MessageId < before);
            }

            return await parked
                .OrderByDescending(m => m.MessageId)
                .Take(query.Limit)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<MessageStatus?> ScheduleCheckNowAsync(long messageId, long nowUnixMs, MessageEvent audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var row = context.Messages.Where(m => m.MessageId == messageId);
                var updated = await row
                    .Where(m => m.Status == MessageStatus.Prepared || m.Status == MessageStatus.Parked)
                    .ExecuteUpdateAsync(
                        u => u
                            .SetProperty(m => m.Status, MessageStatus.Prepared)
                            .SetProperty(m => m.NextAttemptUnixMs, nowUnixMs)
                            .SetProperty(m => m.UpdatedUnixMs, nowUnixMs),
                        cancellationToken).ConfigureAwait(false);
                if (updated == 0)
                {
                    return await row.Select(m => (MessageStatus?)m.Status).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
                }

                context.Events.Add(Fit(audit));
                await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return MessageStatus.Prepared;
            }
        }
    }

    /// <inheritdoc />
    public async Task<StatusCounts> CountAsync(CancellationToken cancellationToken)
    {
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            var messages = await context.Messages.AsNoTracking()
                .GroupBy(m => m.Status).Select(g => new { Status = g.Key, Count = g.LongCount() })
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            var deliveries = await context.Deliveries.AsNoTracking()
                .GroupBy(d => d.Status).Select(g => new { Status = g.Key, Count = g.LongCount() })
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            var messageCounts = Enum.GetValues<MessageStatus>().ToDictionary(
                s => s.ToString(), s => messages.Where(c => c.Status == s).Sum(c => c.Count), StringComparer.Ordinal);
            var deliveryCounts = Enum.GetValues<DeliveryStatus>().ToDictionary(
                s => s.ToString(), s => deliveries.Where(c => c.Status == s).Sum(c => c.Count), StringComparer.Ordinal);
            return new StatusCounts(messageCounts, deliveryCounts, deliveryCounts[nameof(DeliveryStatus.Dead)]);
        }
    }

    private async Task<DeliveryStatus?> AdminDeliveryActionAsync(
        long messageId,
        string consumerGroup,
        MessageEvent audit,
        Expression<Func<MessageDelivery, bool>> allowedFrom,
        Func<IQueryable<MessageDelivery>, CancellationToken, Task<int>> update,
        DeliveryStatus result,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(consumerGroup);
        ArgumentNullException.ThrowIfNull(audit);
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var row = context.Deliveries.Where(d => d.MessageId == messageId && d.ConsumerGroup == consumerGroup);
                var updated = await update(row.Where(allowedFrom), cancellationToken).ConfigureAwait(false);
                if (updated == 0)
                {
                    return await row.Select(d => (DeliveryStatus?)d.Status).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
                }

                context.Events.Add(Fit(audit));
                await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return result;
            }
        }
    }
}
