namespace Transactions.Locking;

/// <summary>A handle on a <see cref="LockLease"/>: the fresh acquisition or one re-entry. Disposing it twice is harmless.</summary>
internal sealed class LockHandle(LockLease lease) : ILockHandle
{
    private int _disposed;

    /// <inheritdoc />
    public string Resource => lease.Resource;

    /// <inheritdoc />
    public string Owner => lease.Owner;

    /// <inheritdoc />
    public long FencingToken => lease.FencingToken;

    /// <inheritdoc />
    public CancellationToken LockLost => lease.LockLost;

    /// <summary>The lease (tests look at the hold count).</summary>
    internal LockLease Lease => lease;

    /// <inheritdoc />
    public ValueTask DisposeAsync() =>
        Interlocked.Exchange(ref _disposed, 1) == 0 ? lease.ExitAsync() : ValueTask.CompletedTask;

    /// <inheritdoc />
    public override string ToString() => $"{Resource} held by {Owner} (fencing token {FencingToken})";
}
