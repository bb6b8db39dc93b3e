using Microsoft.Extensions.Time.Testing;
using Transactions.Common.Ids;
using Transactions.Testing;
using Xunit;

namespace Transactions.Coordinator.Tests.Ids;

public sealed class SnowflakeIdGeneratorTests
{
    [Fact]
    public void NextId_ManyInOneMillisecond_UniqueAndIncreasing()
    {
        var time = new FakeTimeProvider(TestClock.Start);
        var sut = new SnowflakeIdGenerator(5, time);

        var ids = Enumerable.Range(0, 10_000).Select(_ => sut.NextId()).ToArray();

        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.True(ids.Zip(ids.Skip(1)).All(p => p.Second > p.First));
        Assert.All(ids, id => Assert.Equal(5, SnowflakeIdGenerator.GetWorkerId(id)));
    }

    [Fact]
    public void NextId_ClockMovesBackwards_NoDuplicatesAndStillIncreasing()
    {
        var time = new FakeTimeProvider(TestClock.Start);
        var sut = new SnowflakeIdGenerator(1, time);
        var before = Enumerable.Range(0, 100).Select(_ => sut.NextId()).ToList();

        time.AdjustTime(time.GetUtcNow() - TimeSpan.FromSeconds(5)); // the system clock is stepped back
        var after = Enumerable.Range(0, 100).Select(_ => sut.NextId()).ToList();

        var all = before.Concat(after).ToArray();
        Assert.Equal(all.Length, all.Distinct().Count());
        Assert.True(after.Min() > before.Max());
        Assert.Equal(100, sut.ClockBackwardsCount);
    }

    [Fact]
    public void NextId_FloorAbovePresent_IdsStartAtFloor()
    {
        var time = new FakeTimeProvider(TestClock.Start);
        var floor = time.GetUtcNow().AddSeconds(30).ToUnixTimeMilliseconds();
        var sut = new SnowflakeIdGenerator(2, time, floor);

        var id = sut.NextId();

        Assert.True(SnowflakeIdGenerator.GetUnixMs(id) >= floor);
    }

    [Fact]
    public void NextId_TwoWorkersSameInstant_NeverCollide()
    {
        var time = new FakeTimeProvider(TestClock.Start);
        var a = new SnowflakeIdGenerator(1, time);
        var b = new SnowflakeIdGenerator(2, time);

        var ids = Enumerable.Range(0, 5000).SelectMany(_ => new[] { a.NextId(), b.NextId() }).ToArray();

        Assert.Equal(ids.Length, ids.Distinct().Count());
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1024)]
    public void Constructor_WorkerIdOutOfRange_Throws(int workerId) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SnowflakeIdGenerator(workerId, TimeProvider.System));
}
