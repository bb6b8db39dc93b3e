namespace Transactions.Hosting.Memory;

/// <summary>Requests running now and when the last one started or ended (<see cref="RequestActivityMiddleware"/> counts them).</summary>
/// <param name="timeProvider">The clock.</param>
public sealed class RequestActivity(TimeProvider timeProvider)
{
    private long _running;
    private long _lastActivityTicks = timeProvider.GetTimestamp();

    /// <summary>Requests running now.</summary>
    public long Running => Interlocked.Read(ref _running);

    /// <summary>Whether no request ran for <paramref name="quiet"/> and none runs now.</summary>
    /// <param name="quiet">How long without requests.</param>
    /// <returns>True when idle.</returns>
    public bool IsIdleFor(TimeSpan quiet) =>
        Running == 0 && timeProvider.GetElapsedTime(Interlocked.Read(ref _lastActivityTicks)) >= quiet;

    /// <summary>A request started.</summary>
    public void Started()
    {
        Interlocked.Increment(ref _running);
        Interlocked.Exchange(ref _lastActivityTicks, timeProvider.GetTimestamp());
    }

    /// <summary>A request ended.</summary>
    public void Ended()
    {
        Interlocked.Decrement(ref _running);
        Interlocked.Exchange(ref _lastActivityTicks, timeProvider.GetTimestamp());
    }
}
