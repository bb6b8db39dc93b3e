using System.Runtime.ExceptionServices;
using Microsoft.EntityFrameworkCore;
using Transactions.ReliableMessage.Engine;
using Transactions.ReliableMessage.Notifications;

namespace Transactions.ReliableMessage.Storage;

/// <summary>
/// <see cref="INotificationStore"/> on EF Core (SQLite, PostgreSQL, SQL Server): short-lived pooled contexts, conditional
/// updates whose affected-row count decides. PostgreSQL claims a batch in one <c>FOR UPDATE SKIP LOCKED</c> statement;
/// the other providers run the portable claim (candidates, then one conditional update each, in one transaction).
/// </summary>
public sealed class EfNotificationStore : INotificationStore
{
    private readonly IDbContextFactory<MessageDbContext> _contexts;
    private readonly bool _postgreSql;

    /// <summary>Creates the store.</summary>
    /// <param name="contextFactory">Factory of contexts configured with <c>UseReliableMessageStorage</c>.</param>
    public EfNotificationStore(IDbContextFactory<MessageDbContext> contextFactory)
    {
        ArgumentNullException.ThrowIfNull(contextFactory);
        _contexts = contextFactory;
        using var context = contextFactory.CreateDbContext();
        _postgreSql = context.Database.IsNpgsql();
    }

    /// <inheritdoc />
    public async Task<int> DeleteAcknowledgedAsync(long beforeUnixMs, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            var ids = await context.Notifications.AsNoTracking()
                .Where(n => n.Status == NotificationStatus.Acknowledged && n.UpdatedUnixMs < beforeUnixMs)
                .OrderBy(n => n.NotificationId)
                .Select(n => n.NotificationId)
                .Take(maxCount)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            if (ids.Count == 0)
            {
                return 0;
            }

            // Acknowledged is final (an operator retries only failed ones), so the condition still holds here.
            return await context.Notifications
                .Where(n => ids.Contains(n.NotificationId) && n.Status == NotificationStatus.Acknowledged)
                .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<(Notification Notification, bool Created)> CreateAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var existing = await FindByKeyAsync(notification.ApplicationId, notification.IdempotencyKey, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return (existing, false);
        }

        DbUpdateException failure;
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            context.Notifications.Add(notification);
            try
            {
                await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                return (notification, true);
            }
            catch (DbUpdateException ex)
            {
                // Most likely the key's unique index: a concurrent repeat won. Checked below.
                failure = ex;
            }
        }

        existing = await FindByKeyAsync(notification.ApplicationId, notification.IdempotencyKey, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        return (existing, false);
    }

    /// <inheritdoc />
    public async Task<Notification?> FindAsync(long notificationId, CancellationToken cancellationToken)
    {
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            return await context.Notifications.AsNoTracking().FirstOrDefaultAsync(n => n.NotificationId == notificationId, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Notification>> ClaimDueAsync(string owner, long nowUnixMs, long leaseExpiresUnixMs, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        var now = nowUnixMs;
        var expires = leaseExpiresUnixMs;
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            if (_postgreSql)
            {
                const int pending = (int)NotificationStatus.Pending;
                return await context.Notifications.FromSql($"""
                    WITH picked AS (
                        SELECT notification_id FROM rm_notifications
                        WHERE status = {pending} AND next_attempt_unix_ms <= {now}
                          AND (lease_owner IS NULL OR lease_expires_unix_ms < {now})
                        ORDER BY next_attempt_unix_ms
                        LIMIT {maxCount}
                        FOR UPDATE SKIP LOCKED
                    )
                    UPDATE rm_notifications AS n
                    SET lease_owner = {owner}, lease_expires_unix_ms = {expires}, updated_unix_ms = {now}
                    FROM picked
                    WHERE n.notification_id = picked.notification_id
                    RETURNING n.*
                    """).AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
            }

            var candidates = await Due(context, now)
                .OrderBy(n => n.NextAttemptUnixMs)
                .Select(n => n.NotificationId)
                .Take(maxCount)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            if (candidates.Count == 0)
            {
                return [];
            }

            candidates.Sort(); // the same lock order in every claimer
            var claimed = new List<long>(candidates.Count);
            var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                foreach (var id in candidates)
                {
                    var updated = await Due(context, now).Where(n => n.NotificationId == id)
                        .ExecuteUpdateAsync(
                            s => s.SetProperty(n => n.LeaseOwner, owner)
                                .SetProperty(n => n.LeaseExpiresUnixMs, expires)
                                .SetProperty(n => n.UpdatedUnixMs, now),
                            cancellationToken).ConfigureAwait(false);
                    if (updated == 1)
                    {
                        claimed.Add(id);
                    }
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            return claimed.Count == 0
                ? []
                : await context.Notifications.AsNoTracking()
                    .Where(n => claimed.Contains(n.NotificationId))
                    .OrderBy(n => n.NextAttemptUnixMs)
                    .ToListAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<bool> SaveAttemptAsync(NotificationAttempt attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        var error = attempt.Error is { Length: > RequestLimits.Error } e ? e[..RequestLimits.Error] : attempt.Error;
        var completed = attempt.Status == NotificationStatus.Pending ? (long?)null : attempt.NowUnixMs;
        var next = attempt.Status == NotificationStatus.Pending ? attempt.NextAttemptUnixMs : null;
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            return await context.Notifications
                .Where(n => n.NotificationId == attempt.NotificationId && n.Status == NotificationStatus.Pending && n.LeaseOwner == attempt.Owner)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(n => n.Status, attempt.Status)
                        .SetProperty(n => n.Attempts, attempt.Attempts)
                        .SetProperty(n => n.NextAttemptUnixMs, next)
                        .SetProperty(n => n.LastStatusCode, attempt.StatusCode)
                        .SetProperty(n => n.LastError, error)
                        .SetProperty(n => n.CompletedUnixMs, completed)
                        .SetProperty(n => n.UpdatedUnixMs, attempt.NowUnixMs)
                        .SetProperty(n => n.LeaseOwner, (string?)null)
                        .SetProperty(n => n.LeaseExpiresUnixMs, (long?)null),
                    cancellationToken).ConfigureAwait(false) == 1;
        }
    }

    /// <inheritdoc />
    public async Task<Notification?> RetryAsync(long notificationId, long nowUnixMs, CancellationToken cancellationToken)
    {
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            await context.Notifications
                .Where(n => n.NotificationId == notificationId && n.Status == NotificationStatus.Failed)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(n => n.Status, NotificationStatus.Pending)
                        .SetProperty(n => n.AttemptsAtRetry, n => n.Attempts)
                        .SetProperty(n => n.NextAttemptUnixMs, nowUnixMs)
                        .SetProperty(n => n.CompletedUnixMs, (long?)null)
                        .SetProperty(n => n.UpdatedUnixMs, nowUnixMs),
                    cancellationToken).ConfigureAwait(false);
        }

        return await FindAsync(notificationId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Notification>> ListAsync(NotificationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            var rows = context.Notifications.AsNoTracking();
            if (query.Status is { } status)
            {
                rows = rows.Where(n => n.Status == status);
            }

            if (query.ApplicationId is { } app)
            {
                rows = rows.Where(n => n.ApplicationId == app);
            }

            if (query.BeforeId is { } before)
            {
                rows = rows.Where(n => n.NotificationId < before);
            }

            // Bodies stay in the database: a listing of many rows must not load up to MaxBodyBytes each.
            return await rows.OrderByDescending(n => n.NotificationId).Take(query.Limit)
                .Select(n => new Notification
                {
                    NotificationId = n.NotificationId,
                    ApplicationId = n.ApplicationId,
                    IdempotencyKey = n.IdempotencyKey,
                    Url = n.Url,
                    ContentType = n.ContentType,
                    Status = n.Status,
                    Attempts = n.Attempts,
                    AttemptsAtRetry = n.AttemptsAtRetry,
                    NextAttemptUnixMs = n.NextAttemptUnixMs,
                    LastStatusCode = n.LastStatusCode,
                    LastError = n.LastError,
                    CreatedUnixMs = n.CreatedUnixMs,
                    UpdatedUnixMs = n.UpdatedUnixMs,
                    CompletedUnixMs = n.CompletedUnixMs,
                })
                .ToListAsync(cancellationToken).ConfigureAwait(false);
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
            return await context.Notifications
                .Where(n => n.Status == NotificationStatus.Pending && n.LeaseOwner != null && n.LeaseOwner.StartsWith(ownerPrefix)
                    && n.LeaseOwner != currentOwner && n.LeaseExpiresUnixMs >= nowUnixMs)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(n => n.LeaseOwner, (string?)null)
                        .SetProperty(n => n.LeaseExpiresUnixMs, (long?)null)
                        .SetProperty(n => n.UpdatedUnixMs, nowUnixMs),
                    cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Pending, due and with a free or expired lease.</summary>
    private static IQueryable<Notification> Due(MessageDbContext context, long now) =>
        context.Notifications.Where(n => n.Status == NotificationStatus.Pending && n.NextAttemptUnixMs <= now
            && (n.LeaseOwner == null || n.LeaseExpiresUnixMs < now));

    private async Task<Notification?> FindByKeyAsync(string applicationId, string key, CancellationToken cancellationToken)
    {
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            return await context.Notifications.AsNoTracking()
                .FirstOrDefaultAsync(n => n.ApplicationId == applicationId && n.IdempotencyKey == key, cancellationToken).ConfigureAwait(false);
        }
    }
}
