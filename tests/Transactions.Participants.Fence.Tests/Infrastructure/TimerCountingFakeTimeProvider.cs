using Microsoft.Extensions.Time.Testing;

namespace Transactions.Participants.Fence.Tests.Infrastructure;

/// <summary>
/// <see cref="FakeTimeProvider"/> that also counts the timers created through it, so a test can wait until a
/// background loop is parked on its <c>Task.Delay(interval, clock)</c> before advancing the clock: a delay created
/// after <see cref="FakeTimeProvider.Advance(TimeSpan)"/> is due one interval after the new time, not at it.
/// </summary>
public sealed class TimerCountingFakeTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private int timersCreated;

    /// <summary>Timers created so far (a waiting <c>Task.Delay</c> creates one).</summary>
    public int TimersCreated => Volatile.Read(ref timersCreated);

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref timersCreated);
        return timer;
    }
}
