namespace Transactions.Locking;

/// <summary>
/// A distributed lease lock on named resources, shared by every process that uses the same lock table.
/// The owner of a lock is <c>{OwnerId}/{flow}</c>: the flow is established by the outermost acquire in an async
/// flow, so a nested acquire of a resource the same flow already holds re-enters it, while two concurrent
/// requests of one process are different owners and exclude each other.
/// </summary>
public interface IDistributedLock
{
    /// <summary>
    /// Tries to acquire <paramref name="resource"/>, polling until <paramref name="wait"/> has passed.
    /// </summary>
    /// <param name="resource">Name of the protected resource (1 to 512 characters).</param>
    /// <param name="wait">How long to keep trying; <see cref="TimeSpan.Zero"/> makes one attempt.</param>
    /// <param name="cancellationToken">Cancels the wait (throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>The handle (dispose it to release), or <see langword="null"/> when the lock was not acquired within <paramref name="wait"/>.</returns>
    Task<ILockHandle?> TryAcquireAsync(string resource, TimeSpan wait, CancellationToken cancellationToken = default);

    /// <summary>Acquires <paramref name="resource"/>, polling until <paramref name="wait"/> has passed.</summary>
    /// <param name="resource">Name of the protected resource (1 to 512 characters).</param>
    /// <param name="wait">How long to keep trying; <see cref="TimeSpan.Zero"/> makes one attempt.</param>
    /// <param name="cancellationToken">Cancels the wait (throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>The handle; dispose it to release.</returns>
    /// <exception cref="LockNotAcquiredException">Not acquired within <paramref name="wait"/>; the message names the resource, the wait and the current holder if known.</exception>
    Task<ILockHandle> AcquireAsync(string resource, TimeSpan wait, CancellationToken cancellationToken = default);
}
