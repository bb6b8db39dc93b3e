using Microsoft.Extensions.Options;

namespace Transactions.Locking.Tests;

/// <summary>Argument checks, the poll delay and the generated owner id (no database access).</summary>
public sealed class DistributedLockTests : IAsyncDisposable
{
    private readonly DistributedLock _sut = new(Options.Create(new DistributedLockOptions { ConnectionString = "Data Source=unused.db" }));

    [Fact]
    public void Constructor_InvalidOptions_Throws()
    {
        var error = Assert.Throws<OptionsValidationException>(() => new DistributedLock(Options.Create(new DistributedLockOptions())));

        Assert.Contains("ConnectionString", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OwnerId_NotConfigured_IsMachinePidAndRandom()
    {
        var parts = _sut.OwnerId.Split(':');

        Assert.Equal(3, parts.Length);
        Assert.Equal(Environment.MachineName, parts[0]);
        Assert.Equal(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), parts[1]);
        Assert.Equal(8, parts[2].Length);
        Assert.DoesNotContain('/', _sut.OwnerId);
    }

    [Fact]
    public async Task TryAcquireAsync_EmptyOrLongResource_Throws()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _sut.TryAcquireAsync(string.Empty, TimeSpan.Zero));
        await Assert.ThrowsAsync<ArgumentNullException>(() => _sut.TryAcquireAsync(null!, TimeSpan.Zero));
        await Assert.ThrowsAsync<ArgumentException>(() => _sut.TryAcquireAsync(new string('r', 513), TimeSpan.Zero));
    }

    [Fact]
    public async Task TryAcquireAsync_NegativeWait_Throws()
    {
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _sut.TryAcquireAsync("r", TimeSpan.FromSeconds(-1)));

        Assert.Equal("wait", error.ParamName);
    }

    [Fact]
    public async Task TryAcquireAsync_AfterDispose_ThrowsObjectDisposed()
    {
        await _sut.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => _sut.TryAcquireAsync("r", TimeSpan.Zero));
    }

    [Theory]
    [InlineData(0, 50)]
    [InlineData(1, 100)]
    [InlineData(3, 400)]
    [InlineData(10, 1000)]
    [InlineData(40, 1000)]
    public void PollDelay_Attempt_GrowsToTheCapWithJitter(int attempt, int expectedMs)
    {
        var delay = DistributedLock.PollDelay(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(1), attempt, TimeSpan.FromMinutes(1));

        Assert.InRange(delay.TotalMilliseconds, expectedMs * 0.8, expectedMs * 1.2);
    }

    [Fact]
    public void PollDelay_LittleTimeLeft_NeverPassesTheEndOfTheWait()
    {
        var delay = DistributedLock.PollDelay(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(1), 10, TimeSpan.FromMilliseconds(7));

        Assert.Equal(TimeSpan.FromMilliseconds(7), delay);
    }

    [Fact]
    public void LockNotAcquiredException_HolderUnknown_SaysSo()
    {
        var error = new LockNotAcquiredException("stock:1", TimeSpan.FromSeconds(2), null);

        Assert.Equal("Lock on resource 'stock:1' was not acquired within 2000 ms; current holder unknown.", error.Message);
        Assert.Null(error.CurrentOwner);
    }

    public ValueTask DisposeAsync() => _sut.DisposeAsync();
}
