namespace Transactions.Coordinator.Storage.Providers;

/// <summary>
/// Lets one write at a time through, in this process, for SQLite. SQLite runs one writer per database
/// anyway; waiting here (an async queue) instead of in SQLite's busy handler (which sleeps in steps of
/// several milliseconds) keeps concurrent writers from idling. Other processes on the same file are still
/// handled by the busy timeout. For other providers <see cref="None"/> lets everything through.
/// </summary>
internal sealed class WriteGate : IDisposable
{
    private readonly SemaphoreSlim? _semaphore;

    private WriteGate(SemaphoreSlim? semaphore) => _semaphore = semaphore;

    /// <summary>A gate that never waits.</summary>
    public static WriteGate None { get; } = new(null);

    /// <summary>A gate letting one writer through at a time.</summary>
    public static WriteGate Single() => new(new SemaphoreSlim(1, 1));

    /// <summary>Waits for the turn; dispose the result to pass it on.</summary>
    public async ValueTask<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        if (_semaphore is not null)
        {
            await _semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return this;
    }

    /// <summary>Passes the turn on.</summary>
    public void Dispose() => _semaphore?.Release();
}
