using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Transactions.Common.Ids;

namespace Transactions.Storage;

/// <summary>
/// <see cref="IWorkerIdStore"/> on a store's worker-lease table (the coordinator's <c>tx_worker_leases</c>, the
/// reliable-message service's <c>rm_worker_leases</c>). A lease is taken with a compare-and-set on the row, so two
/// instances never hold the same id at the same time.
/// </summary>
/// <typeparam name="TContext">The store's context.</typeparam>
/// <typeparam name="TLease">The store's worker-lease entity.</typeparam>
/// <remarks>
/// A released or taken-over row keeps the previous lease's expiry, which the next holder receives as
/// <see cref="WorkerIdLease.PreviousExpiresUnixMs"/>: the previous holder issued no id after it.
/// Released and expired ids are reused before new ids are taken, so the ids in use stay few.
/// </remarks>
/// <param name="contextFactory">Creates the store's contexts.</param>
/// <param name="logger">Where an exhausted id space is reported.</param>
public sealed class EfWorkerIdStore<TContext, TLease>(
    IDbContextFactory<TContext> contextFactory,
    ILogger<EfWorkerIdStore<TContext, TLease>> logger) : IWorkerIdStore
    where TContext : DbContext, IWorkerLeaseContext<TLease>
    where TLease : WorkerLeaseRow, new()
{
    /// <summary>
    /// Compare-and-set rounds lost to concurrent acquirers before giving up. Every lost round means another
    /// instance took an id, and candidates are picked at random, so this is only reached under a storm of
    /// simultaneous start-ups far beyond the 1,024 ids.
    /// </summary>
    private const int MaxAttempts = 64;

    /// <summary>How many of the longest-unused ids a round picks from at random (fewer collisions between instances).</summary>
    private const int CandidateSpread = 8;

    /// <inheritdoc />
    public async Task<WorkerIdLease?> TryAcquireAsync(string owner, int maxWorkerId, long nowUnixMs, long expiresUnixMs, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfNegative(maxWorkerId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxWorkerId, SnowflakeIdGenerator.MaxWorkerId);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(expiresUnixMs, nowUnixMs);

        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var context = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            await using (context.ConfigureAwait(false))
            {
                // 1. A released or expired id, among the longest unused.
                var reusables = await context.WorkerLeases.AsNoTracking()
                    .Where(w => w.WorkerId <= maxWorkerId && (w.Owner == null || w.ExpiresUnixMs < nowUnixMs))
                    .OrderBy(w => w.ExpiresUnixMs)
                    .ThenBy(w => w.WorkerId)
                    .Take(CandidateSpread)
                    .ToListAsync(cancellationToken).ConfigureAwait(false);
                if (reusables.Count > 0)
                {
                    var reusable = reusables[Random.Shared.Next(reusables.Count)];
                    // Compare-and-set on the expiry read: if anyone took (or took and released) the id
                    // meanwhile, the expiry differs and we try again, so PreviousExpiresUnixMs is exact.
                    var previous = reusable.ExpiresUnixMs;
                    var taken = await context.WorkerLeases
                        .Where(w => w.WorkerId == reusable.WorkerId && w.ExpiresUnixMs == previous
                            && (w.Owner == null || w.ExpiresUnixMs < nowUnixMs))
                        .ExecuteUpdateAsync(s => s
                            .SetProperty(w => w.Owner, owner)
                            .SetProperty(w => w.ExpiresUnixMs, expiresUnixMs), cancellationToken).ConfigureAwait(false);
                    if (taken == 1)
                    {
                        return new WorkerIdLease(reusable.WorkerId, expiresUnixMs, previous);
                    }

                    continue;
                }

                // 2. An id never used, picked at random among the missing ones.
                var used = await context.WorkerLeases.AsNoTracking()
                    .Where(w => w.WorkerId <= maxWorkerId)
                    .OrderBy(w => w.WorkerId)
                    .Select(w => w.WorkerId)
                    .ToListAsync(cancellationToken).ConfigureAwait(false);
                var free = RandomMissing(used, maxWorkerId);
                if (free is null)
                {
                    StorageLog.WorkerIdsExhausted(logger, maxWorkerId + 1);
                    return null;
                }

                context.WorkerLeases.Add(new TLease { WorkerId = free.Value, Owner = owner, ExpiresUnixMs = expiresUnixMs });
                try
                {
                    await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                    return new WorkerIdLease(free.Value, expiresUnixMs, PreviousExpiresUnixMs: 0);
                }
                catch (DbUpdateException)
                {
                    // Another instance inserted the same id first: look again.
                }
            }
        }

        throw new InvalidOperationException(
            $"Could not lease a worker id for {owner}: {MaxAttempts} attempts lost to concurrent instances.");
    }

    /// <inheritdoc />
    public async Task<bool> RenewAsync(int workerId, string owner, long expiresUnixMs, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        var context = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            var updated = await context.WorkerLeases
                .Where(w => w.WorkerId == workerId && w.Owner == owner)
                .ExecuteUpdateAsync(s => s.SetProperty(w => w.ExpiresUnixMs, expiresUnixMs), cancellationToken).ConfigureAwait(false);
            return updated == 1;
        }
    }

    /// <inheritdoc />
    public async Task ReleaseAsync(int workerId, string owner, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        var context = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            // The expiry stays: it is the next holder's floor (see the remarks on the class).
            await context.WorkerLeases
                .Where(w => w.WorkerId == workerId && w.Owner == owner)
                .ExecuteUpdateAsync(s => s.SetProperty(w => w.Owner, (string?)null), cancellationToken).ConfigureAwait(false);
        }
    }

    private static int? RandomMissing(List<int> sortedIds, int maxWorkerId)
    {
        var missing = maxWorkerId + 1 - sortedIds.Count;
        if (missing <= 0)
        {
            return null;
        }

        // The n-th missing id, walking the sorted used ids.
        var n = Random.Shared.Next(missing);
        var candidate = 0;
        foreach (var id in sortedIds)
        {
            if (id - candidate > n)
            {
                break;
            }

            n -= id - candidate;
            candidate = id + 1;
        }

        return candidate + n;
    }
}
