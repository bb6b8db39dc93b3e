namespace Transactions.Participants.Fence.Tests.Infrastructure;

/// <summary>
/// A manual clock (Microsoft.Extensions.TimeProvider.Testing does not restore here): time moves only
/// through <see cref="Advance"/> or <see cref="SetUtcNow"/>, which also fire due timers (so
/// <c>Task.Delay(interval, timeProvider)</c> completes).
/// </summary>
public sealed class FakeTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly object gate = new();
    private readonly List<FakeTimer> timers = [];
    private DateTimeOffset now = start;

    /// <summary>Timers currently scheduled (a waiting <c>Task.Delay</c> holds one).</summary>
    public int ScheduledTimerCount
    {
        get
        {
            lock (gate)
            {
                return timers.Count(t => t.DueAt is not null);
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return now;
        }
    }

    public void SetUtcNow(DateTimeOffset value)
    {
        lock (gate)
        {
            now = value;
        }

        FireDueTimers();
    }

    public void Advance(TimeSpan by)
    {
        lock (gate)
        {
            now += by;
        }

        FireDueTimers();
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new FakeTimer(this, callback, state);
        lock (gate)
        {
            timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    private void FireDueTimers()
    {
        for (var round = 0; round < 1_000; round++)
        {
            FakeTimer? due;
            lock (gate)
            {
                due = timers.Where(t => t.DueAt <= now).OrderBy(t => t.DueAt).FirstOrDefault();
                if (due is null)
                {
                    return;
                }

                due.DueAt = due.Period is { } period ? due.DueAt + period : null;
            }

            due.Callback(due.State);
        }
    }

    private sealed class FakeTimer(FakeTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public TimerCallback Callback { get; } = callback;

        public object? State { get; } = state;

        public DateTimeOffset? DueAt { get; set; }

        public TimeSpan? Period { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner.gate)
            {
                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : owner.now + dueTime;
                Period = period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero ? null : period;
            }

            owner.FireDueTimers();
            return true;
        }

        public void Dispose()
        {
            lock (owner.gate)
            {
                owner.timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
