using Microsoft.EntityFrameworkCore;
using Transactions.ReliableMessage.Domain;
using Transactions.ReliableMessage.Engine;

namespace Transactions.ReliableMessage.Storage;

public sealed partial class EfMessageStore
{
    /// <inheritdoc />
    public async Task InsertPendingDeliveriesAsync(IReadOnlyList<DeliveryKey> keys, long nowUnixMs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            return;
        }

        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            if (_postgreSql)
            {
                var ids = new long[keys.Count];
                var groups = new string[keys.Count];
                for (var i = 0; i < keys.Count; i++)
                {
                    ids[i] = keys[i].MessageId;
                    groups[i] = keys[i].ConsumerGroup;
                }

                await context.Database.ExecuteSqlAsync($"""
                    INSERT INTO rm_deliveries (message_id, consumer_group, status, attempts, created_unix_ms, updated_unix_ms)
                    SELECT k.message_id, k.consumer_group, {Pending}, 0, {nowUnixMs}, {nowUnixMs}
                    FROM unnest({ids}::bigint[], {groups}::text[]) AS k(message_id, consumer_group)
                    ON CONFLICT DO NOTHING
                    """, cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        // Portable: read what exists, insert the rest; a concurrent insert of the same row (not possible on SQLite,
        // which serializes writers) makes the batch fail once and the retry skips it.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await InsertMissingDeliveriesAsync(keys, nowUnixMs, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
            }
        }
    }

    /// <inheritdoc />
    public async Task CompletePublishAsync(PublishCompletion completion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(completion);
        if (_postgreSql)
        {
            await CompletePublishPostgreSqlAsync(completion, cancellationToken).ConfigureAwait(false);
            return;
        }

        var ids = completion.MessageIds.ToArray();
        var now = completion.NowUnixMs;
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                if (ids.Length > 0)
                {
                    await context.Messages
                        .Where(m => ids.Contains(m.MessageId) && m.Status == MessageStatus.Committed)
                        .ExecuteUpdateAsync(s => s
                            .SetProperty(m => m.Status, MessageStatus.Published)
                            .SetProperty(m => m.CompletedUnixMs, now)
                            .SetProperty(m => m.UpdatedUnixMs, now)
                            .SetProperty(m => m.NextAttemptUnixMs, (long?)null)
                            .SetProperty(m => m.LastError, (string?)null)
                            .SetProperty(m => m.LeaseOwner, (string?)null)
                            .SetProperty(m => m.LeaseExpiresUnixMs, (long?)null), cancellationToken).ConfigureAwait(false);
                }

                if (ids.Length > 0)
                {
                    if (completion.AckDeadlineUnixMs is { } deadline)
                    {
                        await context.Deliveries
                            .Where(d => ids.Contains(d.MessageId) && d.Status == DeliveryStatus.Pending && d.NextAttemptUnixMs == null && d.Attempts == 0)
                            .ExecuteUpdateAsync(s => s
                                .SetProperty(d => d.Status, DeliveryStatus.Delivered)
                                .SetProperty(d => d.Attempts, 1)
                                .SetProperty(d => d.DeliveredUnixMs, now)
                                .SetProperty(d => d.NextAttemptUnixMs, deadline)
                                .SetProperty(d => d.UpdatedUnixMs, now), cancellationToken).ConfigureAwait(false);
                    }
                }

                foreach (var update in completion.Deliveries)
                {
                    await ApplyDeliveryUpdateAsync(context, update, owner: null, now, cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public async Task SchedulePublishRetryAsync(IReadOnlyList<long> messageIds, long nowUnixMs, long nextAttemptUnixMs, string error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messageIds);
        var ids = messageIds.ToArray();
        var lastError = Truncate(error, RequestLimits.Error);
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            await context.Messages
                .Where(m => ids.Contains(m.MessageId) && m.Status == MessageStatus.Committed)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.PublishAttempts, m => m.PublishAttempts + 1)
                    .SetProperty(m => m.LastError, lastError)
                    .SetProperty(m => m.NextAttemptUnixMs, nextAttemptUnixMs)
                    .SetProperty(m => m.UpdatedUnixMs, nowUnixMs)
                    .SetProperty(m => m.LeaseOwner, (string?)null)
                    .SetProperty(m => m.LeaseExpiresUnixMs, (long?)null), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task InsertMissingDeliveriesAsync(IReadOnlyList<DeliveryKey> keys, long now, CancellationToken cancellationToken)
    {
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            var ids = keys.Select(k => k.MessageId).Distinct().ToArray();
            var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var existing = (await context.Deliveries.AsNoTracking()
                        .Where(d => ids.Contains(d.MessageId))
                        .Select(d => new { d.MessageId, d.ConsumerGroup })
                        .ToListAsync(cancellationToken).ConfigureAwait(false))
                    .Select(d => new DeliveryKey(d.MessageId, d.ConsumerGroup))
                    .ToHashSet();
                foreach (var key in keys.Distinct())
                {
                    if (!existing.Contains(key))
                    {
                        context.Deliveries.Add(new MessageDelivery
                        {
                            MessageId = key.MessageId,
                            ConsumerGroup = key.ConsumerGroup,
                            Status = DeliveryStatus.Pending,
                            CreatedUnixMs = now,
                            UpdatedUnixMs = now,
                        });
                    }
                }

                await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
