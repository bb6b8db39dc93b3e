using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Transactions.Common.Ids;
using Transactions.Testing;
using Xunit;

namespace Transactions.Coordinator.Tests.Ids;

/// <summary>Worker ids leased from the database (a fake store here; the real one is in the storage compliance suite).</summary>
public sealed class LeasedIdGeneratorTests
{
    [Fact]
    public async Task StartAsync_TwoInstances_DistinctWorkerIdsAndDistinctIds()
    {
        var time = new FakeTimeProvider(TestClock.Start);
        var store = new InMemoryWorkerIdStore();
        var a = Create(store, time, "a");
        var b = Create(store, time, "b");

        await a.StartAsync(CancellationToken.None);
        await b.StartAsync(CancellationToken.None);
        var ids = Enumerable.Range(0, 1000).SelectMany(_ => new[] { a.NextId(), b.NextId() }).ToArray();

        Assert.NotEqual(a.WorkerId, b.WorkerId);
        Assert.Equal(ids.Length, ids.Distinct().Count());
        await a.StopAsync(CancellationToken.None);
        await b.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void NextId_BeforeStart_ClearError()
    {
        var sut = Create(new InMemoryWorkerIdStore(), new FakeTimeProvider(TestClock.Start), "a");

        var ex = Assert.Throws<InvalidOperationException>(() => sut.NextId());

        Assert.Contains("not started", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NextId_LeaseExpiredWithoutRenewal_Refused()
    {
        var time = new FakeTimeProvider(TestClock.Start);
        var sut = Create(new InMemoryWorkerIdStore(), time, "a");
        await sut.StartAsync(CancellationToken.None);
        await sut.StopAsync(CancellationToken.None); // no renewals from here on

        time.Advance(TimeSpan.FromSeconds(61));

        Assert.Throws<InvalidOperationException>(() => sut.NextId());
    }

    [Fact]
    public async Task StartAsync_ReusesExpiredWorkerId_IdsStartAfterPreviousHoldersLease()
    {
        var time = new FakeTimeProvider(TestClock.Start);
        var store = new InMemoryWorkerIdStore { MaxIds = 1 };
        var first = Create(store, time, "first");
        await first.StartAsync(CancellationToken.None);
        await first.StopAsync(CancellationToken.None); // dies: no more renewals (the fake store ignores the release)
        var previousExpiry = time.GetUtcNow().AddSeconds(60).ToUnixTimeMilliseconds();
        time.Advance(TimeSpan.FromSeconds(61));

        var second = Create(store, time, "second");
        await second.StartAsync(CancellationToken.None);

        Assert.Equal(first.WorkerId, second.WorkerId);
        Assert.True(SnowflakeIdGenerator.GetUnixMs(second.NextId()) >= previousExpiry);
    }

    private static LeasedIdGenerator Create(IWorkerIdStore store, TimeProvider time, string owner) =>
        new(store, Microsoft.Extensions.Options.Options.Create(new WorkerIdLeaseOptions { Owner = owner }), time, NullLogger<LeasedIdGenerator>.Instance);

    private sealed class InMemoryWorkerIdStore : IWorkerIdStore
    {
        private readonly Dictionary<int, (string Owner, long Expires)> _leases = [];

        public int MaxIds { get; init; } = 1024;

        public Task<WorkerIdLease?> TryAcquireAsync(string owner, int maxWorkerId, long nowUnixMs, long expiresUnixMs, CancellationToken cancellationToken)
        {
            lock (_leases)
            {
                for (var id = 0; id < Math.Min(MaxIds, maxWorkerId + 1); id++)
                {
                    if (!_leases.TryGetValue(id, out var lease) || lease.Expires < nowUnixMs)
                    {
                        _leases[id] = (owner, expiresUnixMs);
                        return Task.FromResult<WorkerIdLease?>(new WorkerIdLease(id, expiresUnixMs, lease.Expires));
                    }
                }

                return Task.FromResult<WorkerIdLease?>(null);
            }
        }

        public Task<bool> RenewAsync(int workerId, string owner, long expiresUnixMs, CancellationToken cancellationToken)
        {
            lock (_leases)
            {
                if (_leases.TryGetValue(workerId, out var lease) && lease.Owner == owner)
                {
                    _leases[workerId] = (owner, expiresUnixMs);
                    return Task.FromResult(true);
                }

                return Task.FromResult(false);
            }
        }

        public Task ReleaseAsync(int workerId, string owner, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
