using Microsoft.EntityFrameworkCore;
using Transactions.ReliableMessage.Domain;

namespace Transactions.ReliableMessage.Storage;

public sealed partial class EfMessageStore
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<DueDelivery>> ClaimDueDeliveriesAsync(string owner, long nowUnixMs, long leaseExpiresUnixMs, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            List<MessageDelivery> claimed;
            if (_postgreSql)
            {
                claimed = await context.Deliveries.FromSql($"""
                    WITH picked AS (
                        SELECT message_id, consumer_group FROM rm_deliveries
                        WHERE status IN ({Pending}, {Delivered}) AND next_attempt_unix_ms <= {nowUnixMs}
                          AND (lease_owner IS NULL OR lease_expires_unix_ms < {nowUnixMs})
                        ORDER BY next_attempt_unix_ms
                        LIMIT {maxCount}
                        FOR UPDATE SKIP LOCKED
                    )
                    UPDATE rm_deliveries AS d
                    SET lease_owner = {owner}, lease_expires_unix_ms = {leaseExpiresUnixMs}, updated_unix_ms = {nowUnixMs}
                    FROM picked
                    WHERE d.message_id = picked.message_id AND d.consumer_group = picked.consumer_group
                    RETURNING d.*
                    """).AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                claimed = await ClaimDeliveriesPortableAsync(context, owner, nowUnixMs, leaseExpiresUnixMs, maxCount, cancellationToken).ConfigureAwait(false);
            }

            if (claimed.Count == 0)
            {
                return [];
            }

            var ids = claimed.Select(d => d.MessageId).Distinct().ToArray();
            var messages = await context.Messages.AsNoTracking()
                .Where(m => ids.Contains(m.MessageId))
                .ToDictionaryAsync(m => m.MessageId, cancellationToken).ConfigureAwait(false);
            var due = new List<DueDelivery>(claimed.Count);
            foreach (var delivery in claimed.OrderBy(d => d.NextAttemptUnixMs))
            {
                if (messages.TryGetValue(delivery.MessageId, out var message))
                {
                    due.Add(new DueDelivery(delivery, message));
                }
            }

            return due;
        }
    }

    /// <inheritdoc />
    public async Task SaveDeliveryOutcomesAsync(string owner, long nowUnixMs, IReadOnlyList<DeliveryUpdate> updates, IReadOnlyList<MessageEvent> events, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentNullException.ThrowIfNull(updates);
        ArgumentNullException.ThrowIfNull(events);
        if (updates.Count == 0 && events.Count == 0)
        {
            return;
        }

        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await LockDeliveriesInOrderAsync(context, [.. updates.Select(u => u.MessageId)], cancellationToken).ConfigureAwait(false);
                foreach (var update in updates)
                {
                    await ApplyDeliveryUpdateAsync(context, update, owner, nowUnixMs, cancellationToken).ConfigureAwait(false);
                }

                if (events.Count > 0)
                {
                    AddEvents(context, events);
                    await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// PostgreSQL: locks the delivery rows of <paramref name="messageIds"/> (of every group) in
    /// (message_id, consumer_group) order, before a transaction updates several of them. Every such writer (delivery
    /// outcomes here; publish completion and acknowledgements in EfMessageStore.PostgreSql.cs) takes its row locks in
    /// that one order, so two of them never wait for each other in a cycle: without it, a publish completion
    /// walking the rows one way and an acknowledgement batch the other way deadlocked under normal load (one of them
    /// killed by PostgreSQL, 40P01). SQLite has one writer at a time; SQL Server keeps its own order (not covered here).
    /// </summary>
    private Task LockDeliveriesInOrderAsync(MessageDbContext context, long[] messageIds, CancellationToken cancellationToken) =>
        !_postgreSql || messageIds.Length == 0
            ? Task.CompletedTask
            : context.Database.ExecuteSqlAsync(
                $"SELECT 1 FROM rm_deliveries WHERE message_id = ANY({messageIds}) ORDER BY message_id, consumer_group FOR UPDATE",
                cancellationToken);

    private static async Task<List<MessageDelivery>> ClaimDeliveriesPortableAsync(
        MessageDbContext context, string owner, long now, long expires, int maxCount, CancellationToken cancellationToken)
    {
        var candidates = await context.Deliveries.AsNoTracking()
            .Where(d => (d.Status == DeliveryStatus.Pending || d.Status == DeliveryStatus.Delivered) && d.NextAttemptUnixMs <= now)
            .Where(d => d.LeaseOwner == null || d.LeaseExpiresUnixMs < now)
            .OrderBy(d => d.NextAttemptUnixMs)
            .Select(d => new { d.MessageId, d.ConsumerGroup })
            .Take(maxCount)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (candidates.Count == 0)
        {
            return [];
        }

        var claimed = new List<MessageDelivery>(candidates.Count);
        var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            foreach (var key in candidates.OrderBy(k => k.MessageId).ThenBy(k => k.ConsumerGroup, StringComparer.Ordinal))
            {
                var updated = await context.Deliveries
                    .Where(d => d.MessageId == key.MessageId && d.ConsumerGroup == key.ConsumerGroup
                        && (d.Status == DeliveryStatus.Pending || d.Status == DeliveryStatus.Delivered) && d.NextAttemptUnixMs <= now)
                    .Where(d => d.LeaseOwner == null || d.LeaseExpiresUnixMs < now)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(d => d.LeaseOwner, owner)
                        .SetProperty(d => d.LeaseExpiresUnixMs, expires)
                        .SetProperty(d => d.UpdatedUnixMs, now), cancellationToken).ConfigureAwait(false);
                if (updated == 1)
                {
                    claimed.Add(await context.Deliveries.AsNoTracking()
                        .FirstAsync(d => d.MessageId == key.MessageId && d.ConsumerGroup == key.ConsumerGroup, cancellationToken).ConfigureAwait(false));
                }
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        return claimed;
    }
}
