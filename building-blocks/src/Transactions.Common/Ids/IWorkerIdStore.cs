namespace Transactions.Common.Ids;

/// <summary>
/// Leases Snowflake worker ids from a shared database so that instances never use the same id at
/// the same time.
/// </summary>
public interface IWorkerIdStore
{
    /// <summary>
    /// Leases a free or expired worker id in [0, <paramref name="maxWorkerId"/>] for <paramref name="owner"/>.
    /// Returns null when every id is leased by a live owner.
    /// </summary>
    Task<WorkerIdLease?> TryAcquireAsync(string owner, int maxWorkerId, long nowUnixMs, long expiresUnixMs, CancellationToken cancellationToken);

    /// <summary>Extends the lease; false when <paramref name="owner"/> no longer holds <paramref name="workerId"/>.</summary>
    Task<bool> RenewAsync(int workerId, string owner, long expiresUnixMs, CancellationToken cancellationToken);

    /// <summary>Gives the id back (best effort at shutdown).</summary>
    Task ReleaseAsync(int workerId, string owner, CancellationToken cancellationToken);
}
