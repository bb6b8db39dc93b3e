using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Transactions.Coordinator.Domain;
using Transactions.Coordinator.Storage.Providers;

namespace Transactions.Coordinator.Storage;

public sealed partial class EfTransactionStore
{
    /// <inheritdoc />
    public async Task<bool> TryAcquireLeaseAsync(long xid, string owner, long nowUnixMs, long leaseExpiresUnixMs, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        using var turn = await _writes.EnterAsync(cancellationToken).ConfigureAwait(false);
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            var updated = await context.GlobalTransactions
                .Where(g => g.Xid == xid)
                .Where(LeaseAvailable(owner, nowUnixMs))
                .ExecuteUpdateAsync(
                    s => s.SetProperty(g => g.LeaseOwner, owner)
                        .SetProperty(g => g.LeaseExpiresUnixMs, leaseExpiresUnixMs)
                        .SetProperty(g => g.UpdatedUnixMs, nowUnixMs),
                    cancellationToken).ConfigureAwait(false);
            return updated == 1;
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<long>> ClaimDueAsync(string owner, long nowUnixMs, long leaseExpiresUnixMs, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        using var turn = await _writes.EnterAsync(cancellationToken).ConfigureAwait(false);
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            return _postgreSql
                ? await PostgreSqlCommands.ClaimDueAsync(context, owner, nowUnixMs, leaseExpiresUnixMs, maxCount, cancellationToken).ConfigureAwait(false)
                : await ClaimDuePortableAsync(context, owner, nowUnixMs, leaseExpiresUnixMs, maxCount, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<int> ReclaimOwnedAsync(string owner, long nowUnixMs, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        using var turn = await _writes.EnterAsync(cancellationToken).ConfigureAwait(false);
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            // The status filter lets the recovery and active-deadline indexes find the few unfinished rows.
            return await context.GlobalTransactions
                .Where(g => (g.Status == GlobalStatus.Active || g.Status == GlobalStatus.Committing || g.Status == GlobalStatus.RollingBack)
                    && g.LeaseOwner == owner)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(g => g.NextAttemptUnixMs, nowUnixMs).SetProperty(g => g.UpdatedUnixMs, nowUnixMs),
                    cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Due work: phase 2 whose next attempt is due (or unset), and Active transactions past their deadline.</summary>
    private static Expression<Func<GlobalTransaction, bool>> Due(long now) => g =>
        ((g.Status == GlobalStatus.Committing || g.Status == GlobalStatus.RollingBack)
            && (g.NextAttemptUnixMs == null || g.NextAttemptUnixMs <= now))
        || (g.Status == GlobalStatus.Active && g.DeadlineUnixMs < now);

    /// <summary>The lease is free, expired, or already held by <paramref name="owner"/>.</summary>
    private static Expression<Func<GlobalTransaction, bool>> LeaseAvailable(string owner, long now) => g =>
        g.LeaseOwner == null || g.LeaseExpiresUnixMs < now || g.LeaseOwner == owner;

    /// <summary>
    /// Portable claim: one query for candidates (earliest due first), then one conditional update per
    /// candidate in xid order (so concurrent claimers lock rows in the same order), in one local transaction.
    /// </summary>
    private static async Task<IReadOnlyList<long>> ClaimDuePortableAsync(
        CoordinatorDbContext context, string owner, long now, long expires, int maxCount, CancellationToken cancellationToken)
    {
        var candidates = await context.GlobalTransactions.AsNoTracking()
            .Where(Due(now))
            .Where(LeaseAvailable(owner, now))
            .OrderBy(g => g.Status == GlobalStatus.Active ? g.DeadlineUnixMs : g.NextAttemptUnixMs ?? 0)
            .Select(g => g.Xid)
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
            foreach (var xid in candidates)
            {
                // Re-checks everything: another instance may have claimed or finished it meanwhile.
                var updated = await context.GlobalTransactions
                    .Where(g => g.Xid == xid)
                    .Where(Due(now))
                    .Where(LeaseAvailable(owner, now))
                    .ExecuteUpdateAsync(
                        s => s.SetProperty(g => g.LeaseOwner, owner)
                            .SetProperty(g => g.LeaseExpiresUnixMs, expires)
                            .SetProperty(g => g.UpdatedUnixMs, now),
                        cancellationToken).ConfigureAwait(false);
                if (updated == 1)
                {
                    claimed.Add(xid);
                }
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        return claimed;
    }
}
