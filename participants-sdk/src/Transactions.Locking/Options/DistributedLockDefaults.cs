namespace Transactions.Locking;

/// <summary>Default values of <see cref="DistributedLockOptions"/>.</summary>
public static class DistributedLockDefaults
{
    /// <summary>Provider: <c>"Sqlite"</c>.</summary>
    public const string Provider = DistributedLockProviders.Sqlite;

    /// <summary>Lease: 30 seconds.</summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(30);

    /// <summary>Renewal every 10 seconds.</summary>
    public static readonly TimeSpan RenewInterval = TimeSpan.FromSeconds(10);

    /// <summary>First poll delay while waiting: 50 milliseconds.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(50);

    /// <summary>Poll delays grow up to max(this, <see cref="DistributedLockOptions.RetryDelay"/>): 1 second.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>Table: <c>"distributed_locks"</c>.</summary>
    public const string TableName = "distributed_locks";

    /// <summary>The table is created on first use: <see langword="true"/>.</summary>
    public const bool CreateSchema = true;

    /// <summary>Longest resource name: 512 characters.</summary>
    public const int MaxResourceLength = 512;

    /// <summary>Longest <see cref="DistributedLockOptions.OwnerId"/>: 200 characters.</summary>
    public const int MaxOwnerIdLength = 200;
}
