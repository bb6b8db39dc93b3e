namespace Transactions.ReliableMessage.Storage.Model;

/// <summary>A row of <c>rm_worker_leases</c>: who holds a Snowflake worker id, until when.</summary>
public sealed class WorkerLease
{
    /// <summary>The worker id, in [0, 1023].</summary>
    public int WorkerId { get; set; }

    /// <summary>Current holder; null once released.</summary>
    public string? Owner { get; set; }

    /// <summary>
    /// Lease expiry (Unix ms). Kept when the lease is released or taken over: the next holder's generator starts
    /// no lower than this, so its ids cannot repeat the previous holder's.
    /// </summary>
    public long ExpiresUnixMs { get; set; }
}
