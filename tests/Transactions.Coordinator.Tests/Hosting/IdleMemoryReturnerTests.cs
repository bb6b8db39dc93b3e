using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Transactions.Hosting.Memory;
using Xunit;

namespace Transactions.Coordinator.Tests.Hosting;

/// <summary>The idle collection runs only when the service is idle and grew, and never while a request runs.</summary>
public sealed class IdleMemoryReturnerTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Collects_once_idle_after_growth_and_not_while_a_request_runs_or_before_it_is_quiet()
    {
        var clock = new FakeTimeProvider(Start);
        var activity = new RequestActivity(clock);
        var returner = Create(activity, clock, minimumGrowthMegabytes: 64);
        var grown = GC.GetGCMemoryInfo().TotalCommittedBytes - (128L * 1024 * 1024); // as if it had grown by 128 MB

        activity.Started();
        clock.Advance(TimeSpan.FromMinutes(1));
        var baseline = grown;
        Assert.False(returner.ReturnIfIdle(ref baseline)); // a request is running

        activity.Ended();
        clock.Advance(TimeSpan.FromSeconds(9));
        baseline = grown;
        Assert.False(returner.ReturnIfIdle(ref baseline)); // quiet for 9 s only
        Assert.Equal(0, returner.Collections);

        clock.Advance(TimeSpan.FromSeconds(1));
        baseline = grown;
        Assert.True(returner.ReturnIfIdle(ref baseline));
        Assert.Equal(1, returner.Collections);

        // The baseline is now what was committed after the collection: without new growth, no second collection.
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.False(returner.ReturnIfIdle(ref baseline));
        Assert.Equal(1, returner.Collections);
    }

    [Fact]
    public void Does_not_collect_without_growth_and_follows_the_memory_down()
    {
        var clock = new FakeTimeProvider(Start);
        var activity = new RequestActivity(clock);
        var returner = Create(activity, clock, minimumGrowthMegabytes: 64);
        clock.Advance(TimeSpan.FromMinutes(1));
        var committed = GC.GetGCMemoryInfo().TotalCommittedBytes;

        var baseline = committed;
        Assert.False(returner.ReturnIfIdle(ref baseline));
        var high = committed + (1L << 40);
        Assert.False(returner.ReturnIfIdle(ref high));
        Assert.True(high <= committed + (64L * 1024 * 1024), "a baseline above what is committed now comes down to it");
        Assert.Equal(0, returner.Collections);
    }

    private static IdleMemoryReturner Create(RequestActivity activity, TimeProvider clock, int minimumGrowthMegabytes) =>
        new(activity, Microsoft.Extensions.Options.Options.Create(new ServiceMemoryOptions { MinimumGrowthMegabytes = minimumGrowthMegabytes, IdleAfter = TimeSpan.FromSeconds(10) }), clock, NullLogger<IdleMemoryReturner>.Instance);
}
