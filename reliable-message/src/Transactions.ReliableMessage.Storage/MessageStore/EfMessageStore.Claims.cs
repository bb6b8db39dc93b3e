using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Transactions.ReliableMessage.Domain;
using Transactions.ReliableMessage.Engine;

namespace Transactions.ReliableMessage.Storage;

public sealed partial class EfMessageStore
{
    /// <inheritdoc />
    public Task<IReadOnlyList<StoredMessage>> ClaimCommittedAsync(string owner, long nowUnixMs, long leaseExpiresUnixMs, int maxCount, CancellationToken cancellationToken) =>
        ClaimMessagesAsync(MessageStatus.Committed, owner, nowUnixMs, leaseExpiresUnixMs, maxCount, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredMessage>> ClaimDueChecksAsync(string owner, long nowUnixMs, long leaseExpiresUnixMs, int maxCount, CancellationToken cancellationToken) =>
        ClaimMessagesAsync(MessageStatus.Prepared, owner, nowUnixMs, leaseExpiresUnixMs, maxCount, cancellationToken);

    /// <inheritdoc />
    public async Task<bool> SaveCheckRetryAsync(CheckRetry retry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(retry);
        var id = retry.MessageId;
        var owner = retry.Owner;
        var now = retry.NowUnixMs;
        var error = Truncate(retry.Error, RequestLimits.Error);
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var updated = await context.Messages
                    .Where(m => m.MessageId == id && m.Status == MessageStatus.Prepared && m.LeaseOwner == owner)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(m => m.Status, retry.Park ? MessageStatus.Parked : MessageStatus.Prepared)
                        .SetProperty(m => m.CheckAttempts, retry.CheckAttempts)
                        .SetProperty(m => m.LastError, error)
                        .SetProperty(m => m.NextAttemptUnixMs, retry.Park ? null : retry.NextCheckUnixMs)
                        .SetProperty(m => m.UpdatedUnixMs, now)
                        .SetProperty(m => m.LeaseOwner, (string?)null)
                        .SetProperty(m => m.LeaseExpiresUnixMs, (long?)null), cancellationToken).ConfigureAwait(false);
                if (updated == 0)
                {
                    return false;
                }

                if (retry.Park)
                {
                    context.Events.Add(Fit(new MessageEvent
                    {
                        MessageId = id,
                        AtUnixMs = now,
                        Kind = MessageEventKinds.Parked,
                        Actor = owner,
                        Detail = $"After {retry.CheckAttempts} back-check(s): {error}",
                    }));
                    await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
        }
    }

    /// <inheritdoc />
    public async Task<int> ReleaseEarlierRunsLeasesAsync(string ownerPrefix, string currentOwner, long nowUnixMs, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerPrefix);
        ArgumentException.ThrowIfNullOrEmpty(currentOwner);
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            // Only unfinished rows hold leases that matter, and the status filters let the claim indexes find the few
            // of them. StartsWith is a LIKE with the prefix's wildcards escaped on every provider.
            var messages = await context.Messages
                .Where(m => (m.Status == MessageStatus.Prepared || m.Status == MessageStatus.Committed)
                    && m.LeaseOwner != null && m.LeaseOwner.StartsWith(ownerPrefix) && m.LeaseOwner != currentOwner
                    && m.LeaseExpiresUnixMs >= nowUnixMs)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.LeaseOwner, (string?)null)
                    .SetProperty(m => m.LeaseExpiresUnixMs, (long?)null)
                    .SetProperty(m => m.UpdatedUnixMs, nowUnixMs), cancellationToken).ConfigureAwait(false);
            var deliveries = await context.Deliveries
                .Where(d => (d.Status == DeliveryStatus.Pending || d.Status == DeliveryStatus.Delivered)
                    && d.LeaseOwner != null && d.LeaseOwner.StartsWith(ownerPrefix) && d.LeaseOwner != currentOwner
                    && d.LeaseExpiresUnixMs >= nowUnixMs)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(d => d.LeaseOwner, (string?)null)
                    .SetProperty(d => d.LeaseExpiresUnixMs, (long?)null)
                    .SetProperty(d => d.UpdatedUnixMs, nowUnixMs), cancellationToken).ConfigureAwait(false);
            return messages + deliveries;
        }
    }

    /// <summary>The lease is free or expired.</summary>
    private static Expression<Func<StoredMessage, bool>> MessageLeaseAvailable(long now) => m =>
        m.LeaseOwner == null || m.LeaseExpiresUnixMs < now;

    private async Task<IReadOnlyList<StoredMessage>> ClaimMessagesAsync(
        MessageStatus status, string owner, long now, long expires, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            if (_postgreSql)
            {
                var code = (int)status;
                return await context.Messages.FromSql($"""
                    WITH picked AS (
                        SELECT message_id FROM rm_messages
                        WHERE status = {code} AND next_attempt_unix_ms <= {now}
                          AND (lease_owner IS NULL OR lease_expires_unix_ms < {now})
                        ORDER BY next_attempt_unix_ms
                        LIMIT {maxCount}
                        FOR UPDATE SKIP LOCKED
                    )
                    UPDATE rm_messages AS m
                    SET lease_owner = {owner}, lease_expires_unix_ms = {expires}, updated_unix_ms = {now}
                    FROM picked
                    WHERE m.message_id = picked.message_id
                    RETURNING m.*
                    """).AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
            }

            // Portable: candidates, then one conditional update each (in id order, so concurrent claimers lock rows in
            // the same order), in one local transaction; then the claimed rows.
            var candidates = await context.Messages.AsNoTracking()
                .Where(m => m.Status == status && m.NextAttemptUnixMs <= now)
                .Where(MessageLeaseAvailable(now))
                .OrderBy(m => m.NextAttemptUnixMs)
                .Select(m => m.MessageId)
                .Take(maxCount)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            if (candidates.Count == 0)
            {
                return [];
            }

            candidates.Sort();
            var claimed = new List<long>(candidates.Count);
            var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                foreach (var id in candidates)
                {
                    var updated = await context.Messages
                        .Where(m => m.MessageId == id && m.Status == status && m.NextAttemptUnixMs <= now)
                        .Where(MessageLeaseAvailable(now))
                        .ExecuteUpdateAsync(s => s
                            .SetProperty(m => m.LeaseOwner, owner)
                            .SetProperty(m => m.LeaseExpiresUnixMs, expires)
                            .SetProperty(m => m.UpdatedUnixMs, now), cancellationToken).ConfigureAwait(false);
                    if (updated == 1)
                    {
                        claimed.Add(id);
                    }
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            if (claimed.Count == 0)
            {
                return [];
            }

            return await context.Messages.AsNoTracking()
                .Where(m => claimed.Contains(m.MessageId))
                .OrderBy(m => m.NextAttemptUnixMs)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
