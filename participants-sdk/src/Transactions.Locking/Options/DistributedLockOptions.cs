namespace Transactions.Locking;

/// <summary>
/// Settings of the distributed lock (<c>services.AddDistributedLock(...)</c>; validated on start by
/// <see cref="DistributedLockOptionsValidator"/>). Lease times are computed with the application's
/// <see cref="TimeProvider"/>, not the database clock: every process sharing a lock table must have clocks
/// synchronised (NTP) to well within <see cref="LeaseDuration"/> minus <see cref="RenewInterval"/>.
/// </summary>
public sealed class DistributedLockOptions
{
    /// <summary>
    /// The database: <see cref="DistributedLockProviders.Sqlite"/> (<c>"Sqlite"</c>),
    /// <see cref="DistributedLockProviders.PostgreSql"/> (<c>"PostgreSql"</c>) or
    /// <see cref="DistributedLockProviders.SqlServer"/> (<c>"SqlServer"</c>), case-insensitive. Default <c>"Sqlite"</c>.
    /// </summary>
    public string Provider { get; set; } = DistributedLockDefaults.Provider;

    /// <summary>ADO.NET connection string of the database holding the lock table. Required (default empty).</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// How long a lease lasts without renewal: a holder that dies loses the lock after at most this long.
    /// Default 30 seconds; between 1 second and 1 day.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = DistributedLockDefaults.LeaseDuration;

    /// <summary>
    /// How often the watchdog renews a held lease (each renewal extends it to now + <see cref="LeaseDuration"/>).
    /// Default 10 seconds; positive and less than <see cref="LeaseDuration"/> (a third of it is a good choice).
    /// </summary>
    public TimeSpan RenewInterval { get; set; } = DistributedLockDefaults.RenewInterval;

    /// <summary>
    /// First delay between two attempts while waiting for a lock; later delays double up to
    /// max(1 second, this value), with +/-20% jitter, and never go past the end of the wait. Also the first delay
    /// between renewal retries after a database error. Default 50 milliseconds; between 1 millisecond and 1 minute.
    /// </summary>
    public TimeSpan RetryDelay { get; set; } = DistributedLockDefaults.RetryDelay;

    /// <summary>
    /// This process's part of the owner name. Default <see langword="null"/>: <c>"{machine}:{pid}:{random}"</c>.
    /// At most 200 characters, no <c>'/'</c>. Must be unique per process: two processes with the same
    /// value still exclude each other (flows get random ids) but are harder to tell apart in the table.
    /// </summary>
    public string? OwnerId { get; set; }

    /// <summary>
    /// The lock table, optionally schema-qualified on PostgreSQL (<c>"locks.distributed_locks"</c>): letters, digits
    /// and underscores only. Default <c>"distributed_locks"</c>.
    /// </summary>
    public string TableName { get; set; } = DistributedLockDefaults.TableName;

    /// <summary>
    /// Whether the lock creates its table on first use (<c>CREATE TABLE IF NOT EXISTS</c>). Default
    /// <see langword="true"/>. Set <see langword="false"/> when the table comes from
    /// <c>migrations/sql/distributed-lock.*.sql</c> and the application's account may not run DDL.
    /// </summary>
    public bool CreateSchema { get; set; } = DistributedLockDefaults.CreateSchema;
}
