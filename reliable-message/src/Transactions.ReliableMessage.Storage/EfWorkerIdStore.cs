using Microsoft.EntityFrameworkCore;
using Transactions.Common.Ids;
using Transactions.ReliableMessage.Storage.Model;

namespace Transactions.ReliableMessage.Storage;

/// <summary>
/// <see cref="IWorkerIdStore"/> on <c>rm_worker_leases</c>: takes over the lowest free or expired worker id with a
/// conditional update, or inserts the lowest id never used; a concurrent winner makes it try again.
/// </summary>
public sealed class EfWorkerIdStore(IDbContextFactory<MessageDbContext> contextFactory) : IWorkerIdStore
{
    private const int MaxTries = 10;

    /// <inheritdoc />
    public async Task<WorkerIdLease?> TryAcquireAsync(string owner, int maxWorkerId, long nowUnixMs, long expiresUnixMs, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        for (var attempt = 0; attempt < MaxTries; attempt++)
        {
            var context = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            await using (context.ConfigureAwait(false))
            {
                var free = await context.WorkerLeases.AsNoTracking()
                    .Where(w => w.WorkerId <= maxWorkerId && (w.Owner == null || w.ExpiresUnixMs < nowUnixMs))
                    .OrderBy(w => w.WorkerId)
                    .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
                if (free is not null)
                {
                    var previous = free.ExpiresUnixMs;
                    var updated = await context.WorkerLeases
                        .Where(w => w.WorkerId == free.WorkerId && w.ExpiresUnixMs == previous && (w.Owner == null || w.ExpiresUnixMs < nowUnixMs))
                        .ExecuteUpdateAsync(s => s
                            .SetProperty(w => w.Owner, owner)
                            .SetProperty(w => w.ExpiresUnixMs, expiresUnixMs), cancellationToken).ConfigureAwait(false);
                    if (updated == 1)
                    {
                        return new WorkerIdLease(free.WorkerId, expiresUnixMs, previous);
                    }

                    continue;
                }

                var used = await context.WorkerLeases.AsNoTracking().Select(w => w.WorkerId).OrderBy(w => w).ToListAsync(cancellationToken).ConfigureAwait(false);
                var next = 0;
                foreach (var id in used)
                {
                    if (id != next)
                    {
                        break;
                    }

                    next++;
                }

                if (next > maxWorkerId)
                {
                    return null;
                }

                context.WorkerLeases.Add(new WorkerLease { WorkerId = next, Owner = owner, ExpiresUnixMs = expiresUnixMs });
                try
                {
                    await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                    return new WorkerIdLease(next, expiresUnixMs, 0);
                }
                catch (DbUpdateException)
                {
                    // Another instance inserted the same id first: look again.
                }
            }
        }

        return null;
    }

    /// <inheritdoc />
    public async Task<bool> RenewAsync(int workerId, string owner, long expiresUnixMs, CancellationToken cancellationToken)
    {
        var context = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            return await context.WorkerLeases
                .Where(w => w.WorkerId == workerId && w.Owner == owner)
                .ExecuteUpdateAsync(s => s.SetProperty(w => w.ExpiresUnixMs, expiresUnixMs), cancellationToken).ConfigureAwait(false) == 1;
        }
    }

    /// <inheritdoc />
    public async Task ReleaseAsync(int workerId, string owner, CancellationToken cancellationToken)
    {
        var context = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            await context.WorkerLeases
                .Where(w => w.WorkerId == workerId && w.Owner == owner)
                .ExecuteUpdateAsync(s => s.SetProperty(w => w.Owner, (string?)null), cancellationToken).ConfigureAwait(false);
        }
    }
}
