namespace Transactions.Storage;

/// <summary>
/// The columns of a worker-lease row: who holds a Snowflake worker id, until when. Each store derives its own
/// entity from it (its table, its CLR type in its migrations' model) and maps it in its own DbContext.
/// </summary>
public abstract class WorkerLeaseRow
{
    /// <summary>The worker id, in [0, 1023].</summary>
    public int WorkerId { get; set; }

    /// <summary>Current holder; null once released.</summary>
    public string? Owner { get; set; }

    /// <summary>
    /// Lease expiry (Unix ms). Kept when the lease is released or taken over: the next holder's
    /// generator starts no lower than this, so its ids cannot repeat the previous holder's.
    /// </summary>
    public long ExpiresUnixMs { get; set; }
}
