using Microsoft.EntityFrameworkCore;

namespace Transactions.Storage;

/// <summary>A store's <see cref="DbContext"/> that holds worker id leases, for <see cref="EfWorkerIdStore{TContext, TLease}"/>.</summary>
/// <typeparam name="TLease">The store's worker-lease entity.</typeparam>
public interface IWorkerLeaseContext<TLease>
    where TLease : WorkerLeaseRow
{
    /// <summary>The worker-lease table: one row per worker id ever leased.</summary>
    DbSet<TLease> WorkerLeases { get; }
}
