namespace Transactions.Locking;

/// <summary>
/// A held lock. Disposing it releases the lock when it is the outermost handle of its flow (re-entrant handles
/// only decrement the hold count), and only while this owner still holds the lease: it never removes someone
/// else's lease.
/// </summary>
public interface ILockHandle : IAsyncDisposable
{
    /// <summary>The locked resource.</summary>
    string Resource { get; }

    /// <summary>The owner recorded in the lock table: <c>{OwnerId}/{flow}</c>.</summary>
    string Owner { get; }

    /// <summary>
    /// Strictly increasing per resource at every fresh acquisition (not on re-entry or renewal). A protected write
    /// stores the highest token it has seen and refuses writes carrying a lower one
    /// (e.g. <c>UPDATE ... WHERE id = @id AND fence_token &lt;= @token</c>).
    /// </summary>
    long FencingToken { get; }

    /// <summary>
    /// Cancelled when the watchdog fails to renew the lease before it expires, or finds it taken by another owner:
    /// the holder must stop writing.
    /// </summary>
    CancellationToken LockLost { get; }
}
