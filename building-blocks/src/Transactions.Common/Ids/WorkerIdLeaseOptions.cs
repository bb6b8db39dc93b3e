namespace Transactions.Common.Ids;

/// <summary>How a process leases its Snowflake worker id from the database.</summary>
public sealed class WorkerIdLeaseOptions
{
    /// <summary>Lease length. Default: 60 seconds.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the lease is renewed. Default: 15 seconds. Must be well under <see cref="LeaseDuration"/>.</summary>
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long start-up waits for a free worker id. Default: 30 seconds.</summary>
    public TimeSpan AcquireTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Owner name written into the lease row. Default: machine name plus process id and a random suffix.</summary>
    public string Owner { get; set; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
}
