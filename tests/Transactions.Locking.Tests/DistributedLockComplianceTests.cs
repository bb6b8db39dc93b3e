using System.Data.Common;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Transactions.Locking.Tests.Infrastructure;
using Transactions.Testing;

namespace Transactions.Locking.Tests;

/// <summary>
/// The distributed lock's behaviour, written once and run on every provider: each concrete subclass only creates a
/// clean database per test. Two <see cref="DistributedLock"/> instances with different owner ids stand for two
/// processes; two flows of one instance (started with <see cref="InNewFlow{T}"/>) stand for two concurrent requests of
/// one process. Expiry and renewal run on <see cref="FakeTimeProvider"/> clocks: a process whose clock never moves
/// never renews, as if it had died or stalled. The real-time tests use generous waits.
/// </summary>
public abstract class DistributedLockComplianceTests : IAsyncLifetime
{
    private const string Resource = "orders:42";
    private static readonly TimeSpan Lease = DistributedLockDefaults.LeaseDuration;
    private static readonly TimeSpan Renew = DistributedLockDefaults.RenewInterval;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly List<DistributedLock> _locks = [];
    private LockDatabase? _database;

    private LockDatabase Database => _database ?? throw new InvalidOperationException("Not initialised.");

    /// <summary>Creates the clean database of one test.</summary>
    protected abstract Task<LockDatabase> CreateDatabaseAsync();

    /// <inheritdoc />
    public async Task InitializeAsync() => _database = await CreateDatabaseAsync();

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        foreach (var instance in _locks)
        {
            await instance.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    // ---------------------------------------------------------------- acquire / release

    [EnvironmentFact]
    public async Task TryAcquireAsync_FreeResource_ReturnsHandleWithOwnerTokenAndLeaseRow()
    {
        var clock = new FakeTimeProvider(TestClock.Start);
        var sut = CreateLock(clock, "process-a");

        await using var handle = await sut.TryAcquireAsync(Resource, TimeSpan.Zero);

        Assert.NotNull(handle);
        Assert.Equal(Resource, handle.Resource);
        Assert.StartsWith("process-a/", handle.Owner, StringComparison.Ordinal);
        Assert.Equal(1, handle.FencingToken);
        Assert.False(handle.LockLost.IsCancellationRequested);
        var row = await sut.ReadAsync(Resource);
        Assert.NotNull(row);
        Assert.Equal(handle.Owner, row.Owner);
        Assert.Equal(1, row.FencingToken);
        Assert.Equal(clock.GetUtcNow().Add(Lease).ToUnixTimeMilliseconds(), row.ExpiresAtUnixMs);
    }

    [EnvironmentFact]
    public async Task TryAcquireAsync_HeldByOtherProcess_ZeroWaitReturnsNull()
    {
        var holder = CreateLock(ownerId: "process-a");
        var sut = CreateLock(ownerId: "process-b");
        await using var held = await holder.AcquireAsync(Resource, TimeSpan.Zero);

        var handle = await sut.TryAcquireAsync(Resource, TimeSpan.Zero);

        Assert.Null(handle);
        Assert.Equal(held.Owner, (await sut.ReadAsync(Resource))?.Owner);
    }

    [EnvironmentFact]
    public async Task AcquireAsync_Held_ThrowsNamingResourceWaitAndHolder()
    {
        var holder = CreateLock(ownerId: "process-a");
        var sut = CreateLock(ownerId: "process-b");
        await using var held = await holder.AcquireAsync(Resource, TimeSpan.Zero);

        var error = await Assert.ThrowsAsync<LockNotAcquiredException>(
            () => sut.AcquireAsync(Resource, TimeSpan.FromMilliseconds(200)));

        Assert.Equal(Resource, error.Resource);
        Assert.Equal(TimeSpan.FromMilliseconds(200), error.Wait);
        Assert.Equal(held.Owner, error.CurrentOwner);
        Assert.Contains(Resource, error.Message, StringComparison.Ordinal);
        Assert.Contains("200 ms", error.Message, StringComparison.Ordinal);
        Assert.Contains(held.Owner, error.Message, StringComparison.Ordinal);
    }

    [EnvironmentFact]
    public async Task DisposeAsync_Released_NextOwnerGetsNextToken()
    {
        var a = CreateLock(ownerId: "process-a");
        var b = CreateLock(ownerId: "process-b");
        var first = await a.AcquireAsync(Resource, TimeSpan.Zero);

        await first.DisposeAsync();
        var row = await a.ReadAsync(Resource);
        await using var second = await b.AcquireAsync(Resource, TimeSpan.Zero);

        Assert.NotNull(row);
        Assert.Null(row.Owner);
        Assert.Equal(1, row.FencingToken);
        Assert.Equal(2, second.FencingToken);
        Assert.StartsWith("process-b/", second.Owner, StringComparison.Ordinal);
    }

    [EnvironmentFact]
    public async Task DisposeAsync_Twice_ReleasesOnceAndKeepsTheNextOwnersLease()
    {
        var sut = CreateLock(ownerId: "process-a");
        var first = await InNewFlow(() => sut.AcquireAsync(Resource, TimeSpan.Zero));
        await first.DisposeAsync();
        await using var second = await InNewFlow(() => sut.AcquireAsync(Resource, TimeSpan.Zero));

        await first.DisposeAsync();

        Assert.Equal(second.Owner, (await sut.ReadAsync(Resource))?.Owner);
        Assert.Equal(2, second.FencingToken);
    }

    [EnvironmentFact]
    public async Task TryAcquireAsync_TwoFlowsOfOneProcess_AreDifferentOwnersAndExcludeEachOther()
    {
        var sut = CreateLock(ownerId: "process-a");

        await using var first = await InNewFlow(() => sut.AcquireAsync(Resource, TimeSpan.Zero));
        var second = await InNewFlow(() => sut.TryAcquireAsync(Resource, TimeSpan.Zero));
        await using var otherResource = await InNewFlow(() => sut.AcquireAsync("orders:43", TimeSpan.Zero));

        Assert.Null(second);
        Assert.StartsWith("process-a/", otherResource.Owner, StringComparison.Ordinal);
        Assert.NotEqual(first.Owner, otherResource.Owner);
    }

    // ---------------------------------------------------------------- re-entrancy

    [EnvironmentFact]
    public async Task TryAcquireAsync_NestedInSameFlow_ReentersWithSameTokenAndReleasesAfterOutermost()
    {
        var sut = CreateLock(ownerId: "process-a");
        var outer = await sut.AcquireAsync(Resource, TimeSpan.Zero);

        var inner = await sut.AcquireAsync(Resource, TimeSpan.Zero);
        var innerMost = await sut.TryAcquireAsync(Resource, TimeSpan.Zero);

        Assert.NotNull(innerMost);
        Assert.Equal(outer.Owner, inner.Owner);
        Assert.Equal(outer.FencingToken, inner.FencingToken);
        Assert.Equal(outer.FencingToken, innerMost.FencingToken);
        Assert.Equal(3, ((LockHandle)outer).Lease.HoldCount);

        await innerMost.DisposeAsync();
        await inner.DisposeAsync();
        Assert.Equal(outer.Owner, (await sut.ReadAsync(Resource))?.Owner);
        Assert.Null(await InNewFlow(() => sut.TryAcquireAsync(Resource, TimeSpan.Zero)));

        await outer.DisposeAsync();
        Assert.Null((await sut.ReadAsync(Resource))?.Owner);
        await using var next = await InNewFlow(() => sut.AcquireAsync(Resource, TimeSpan.Zero));
        Assert.Equal(outer.FencingToken + 1, next.FencingToken);
    }

    [EnvironmentFact]
    public async Task TryAcquireAsync_OtherResourceInSameFlow_SharesTheFlowsOwner()
    {
        var sut = CreateLock(ownerId: "process-a");
        await using var outer = await sut.AcquireAsync(Resource, TimeSpan.Zero);

        await using var inner = await sut.AcquireAsync("stock:7", TimeSpan.Zero);

        Assert.Equal(outer.Owner, inner.Owner);
        Assert.Equal(1, inner.FencingToken);
        Assert.Equal(outer.Owner, (await sut.ReadAsync("stock:7"))?.Owner);
    }

    [EnvironmentFact]
    public async Task TryAcquireAsync_InTaskStartedByHolder_ReentersBecauseTheFlowIsInherited()
    {
        var sut = CreateLock(ownerId: "process-a");
        await using var outer = await sut.AcquireAsync(Resource, TimeSpan.Zero);

        var child = await Task.Run(() => sut.TryAcquireAsync(Resource, TimeSpan.Zero));

        Assert.NotNull(child);
        Assert.Equal(outer.FencingToken, child.FencingToken);
        await child.DisposeAsync();
        Assert.Equal(outer.Owner, (await sut.ReadAsync(Resource))?.Owner);
    }

    [EnvironmentFact]
    public async Task TryAcquireAsync_AfterOutermostReleased_SameFlowStartsANewOwner()
    {
        var sut = CreateLock(ownerId: "process-a");
        var first = await sut.AcquireAsync(Resource, TimeSpan.Zero);
        await first.DisposeAsync();

        await using var second = await sut.AcquireAsync(Resource, TimeSpan.Zero);

        Assert.Equal(first.FencingToken + 1, second.FencingToken);
        Assert.NotEqual(first.Owner, second.Owner);
    }

    // ---------------------------------------------------------------- waiting

    [EnvironmentFact]
    public async Task TryAcquireAsync_WaitingWhileHolderReleases_AcquiresWithNextToken()
    {
        var sut = CreateLock(ownerId: "process-a");
        var holder = await InNewFlow(() => sut.AcquireAsync(Resource, TimeSpan.Zero));

        var waiter = InNewFlow(() => sut.TryAcquireAsync(Resource, Patience));
        await Task.Delay(300);
        Assert.False(waiter.IsCompleted);
        await holder.DisposeAsync();
        await using var handle = await waiter;

        Assert.NotNull(handle);
        Assert.Equal(holder.FencingToken + 1, handle.FencingToken);
        Assert.NotEqual(holder.Owner, handle.Owner);
    }

    [EnvironmentFact]
    public async Task TryAcquireAsync_WaitEndsWhileHeld_ReturnsNullAfterTheWait()
    {
        var sut = CreateLock(ownerId: "process-a");
        await using var holder = await InNewFlow(() => sut.AcquireAsync(Resource, TimeSpan.Zero));
        var stopwatch = Stopwatch.StartNew();

        var handle = await InNewFlow(() => sut.TryAcquireAsync(Resource, TimeSpan.FromMilliseconds(500)));

        Assert.Null(handle);
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(450), $"returned after {stopwatch.Elapsed}");
    }

    [EnvironmentFact]
    public async Task TryAcquireAsync_CancelledWhileWaiting_ThrowsAndTheFlowCanAcquireLater()
    {
        var sut = CreateLock(ownerId: "process-a");
        var holder = await InNewFlow(() => sut.AcquireAsync(Resource, TimeSpan.Zero));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => sut.TryAcquireAsync(Resource, Patience, cancellation.Token));
        await holder.DisposeAsync();
        await using var handle = await sut.TryAcquireAsync(Resource, TimeSpan.Zero);

        Assert.NotNull(handle);
        Assert.Equal(2, handle.FencingToken);
    }

    [EnvironmentFact]
    public async Task AcquireAsync_ManyContendingFlows_OneAtATimeWithIncreasingTokens()
    {
        const int Flows = 4;
        const int Rounds = 5;
        var sut = CreateLock(ownerId: "process-a", configure: o => o.RetryDelay = TimeSpan.FromMilliseconds(5));
        var inside = 0;
        var maxInside = 0;
        var tokens = new List<long>();

        var workers = Enumerable.Range(0, Flows).Select(_ => InNewFlow(async () =>
        {
            for (var round = 0; round < Rounds; round++)
            {
                await using var handle = await sut.AcquireAsync(Resource, Patience);
                var now = Interlocked.Increment(ref inside);
                InterlockedMax(ref maxInside, now);
                tokens.Add(handle.FencingToken); // safe: only the holder writes
                await Task.Delay(5);
                Interlocked.Decrement(ref inside);
            }

            return true;
        })).ToList();
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromMinutes(3));

        Assert.Equal(1, maxInside);
        Assert.Equal(Enumerable.Range(1, Flows * Rounds).Select(i => (long)i), tokens);
    }

    // ---------------------------------------------------------------- expiry, renewal, lock lost

    [EnvironmentFact]
    public async Task TryAcquireAsync_HolderDiedWithoutRenewing_OtherOwnerAcquiresAfterLeaseWithHigherToken()
    {
        var (dying, _, sut, clock) = TwoProcesses();
        var dead = await dying.AcquireAsync(Resource, TimeSpan.Zero); // process-a's clock never moves: no renewal

        clock.Advance(Lease - TimeSpan.FromSeconds(1));
        var early = await sut.TryAcquireAsync(Resource, TimeSpan.Zero);
        clock.Advance(TimeSpan.FromSeconds(2));
        await using var late = await sut.TryAcquireAsync(Resource, TimeSpan.Zero);

        Assert.Null(early);
        Assert.NotNull(late);
        Assert.True(late.FencingToken > dead.FencingToken);
        Assert.Equal(late.Owner, (await sut.ReadAsync(Resource))?.Owner);
    }

    [EnvironmentFact]
    public async Task TryAcquireAsync_HolderProcessStoppedInRealTime_LeaseExpiresAndOtherOwnerAcquires()
    {
        void ShortLease(DistributedLockOptions o)
        {
            o.LeaseDuration = TimeSpan.FromSeconds(5);
            o.RenewInterval = TimeSpan.FromSeconds(1);
        }

        var dying = CreateLock(ownerId: "process-a", configure: ShortLease);
        var sut = CreateLock(ownerId: "process-b", configure: ShortLease);
        var dead = await dying.AcquireAsync(Resource, TimeSpan.Zero);

        await dying.DisposeAsync(); // the process stops: no renewal, no release
        var early = await sut.TryAcquireAsync(Resource, TimeSpan.Zero);
        await using var late = await sut.TryAcquireAsync(Resource, Patience);

        Assert.Null(early);
        Assert.NotNull(late);
        Assert.Equal(dead.FencingToken + 1, late.FencingToken);
        await Eventually.WaitAsync(() => Task.FromResult(dead.LockLost.IsCancellationRequested), Patience, "the dead holder's LockLost");
    }

    [EnvironmentFact]
    public async Task Watchdog_RenewInterval_ExtendsLeaseSoOtherOwnersStayOutPastTheFirstLease()
    {
        var (sut, clock, other, otherClock) = TwoProcesses();
        await using var handle = await sut.AcquireAsync(Resource, TimeSpan.Zero);
        var firstExpiry = (await sut.ReadAsync(Resource))!.ExpiresAtUnixMs;

        clock.Advance(Renew);
        await Eventually.WaitAsync(
            async () => (await sut.ReadAsync(Resource))!.ExpiresAtUnixMs == firstExpiry + (long)Renew.TotalMilliseconds,
            Patience,
            "the watchdog's renewal");
        otherClock.Advance(Lease + TimeSpan.FromSeconds(5)); // past the first lease, before the renewed one
        var intruder = await other.TryAcquireAsync(Resource, TimeSpan.Zero);

        Assert.Null(intruder);
        Assert.False(handle.LockLost.IsCancellationRequested);
        Assert.Equal(1, (await sut.ReadAsync(Resource))!.FencingToken);
    }

    [EnvironmentFact]
    public async Task Watchdog_RealTime_RenewsPastSeveralLeases()
    {
        var sut = CreateLock(ownerId: "process-a", configure: o =>
        {
            o.LeaseDuration = TimeSpan.FromSeconds(4);
            o.RenewInterval = TimeSpan.FromMilliseconds(500);
        });
        await using var handle = await InNewFlow(() => sut.AcquireAsync(Resource, TimeSpan.Zero));
        var firstExpiry = (await sut.ReadAsync(Resource))!.ExpiresAtUnixMs;

        await Task.Delay(TimeSpan.FromSeconds(6)); // longer than one lease
        var intruder = await InNewFlow(() => sut.TryAcquireAsync(Resource, TimeSpan.Zero));

        Assert.Null(intruder);
        Assert.False(handle.LockLost.IsCancellationRequested);
        var row = await sut.ReadAsync(Resource);
        Assert.Equal(handle.Owner, row?.Owner);
        Assert.True(row!.ExpiresAtUnixMs > firstExpiry, $"{row.ExpiresAtUnixMs} > {firstExpiry}");
    }

    [EnvironmentFact]
    public async Task LockLost_ProcessStalledPastItsLease_IsCancelledAndStaleReleaseKeepsTheNewOwner()
    {
        var (sut, clock, other, otherClock) = TwoProcesses();
        var stale = await sut.AcquireAsync(Resource, TimeSpan.Zero);

        clock.Advance(Lease + TimeSpan.FromSeconds(1)); // no renewal could run in time
        await Eventually.WaitAsync(() => Task.FromResult(stale.LockLost.IsCancellationRequested), Patience, "LockLost");
        otherClock.Advance(Lease + TimeSpan.FromSeconds(1));
        await using var fresh = await other.AcquireAsync(Resource, TimeSpan.Zero);
        await stale.DisposeAsync();

        Assert.Equal(stale.FencingToken + 1, fresh.FencingToken);
        Assert.Equal(fresh.Owner, (await sut.ReadAsync(Resource))?.Owner);
        Assert.False(fresh.LockLost.IsCancellationRequested);
    }

    [EnvironmentFact]
    public async Task LockLost_LeaseTakenByOtherOwner_WatchdogNoticesAtNextRenewal()
    {
        var (sut, clock, other, otherClock) = TwoProcesses();
        await using var stale = await sut.AcquireAsync(Resource, TimeSpan.Zero);
        otherClock.Advance(Lease + TimeSpan.FromSeconds(1)); // process-b's clock runs ahead: it sees the lease expired
        await using var fresh = await other.AcquireAsync(Resource, TimeSpan.Zero);

        clock.Advance(Renew);
        await Eventually.WaitAsync(() => Task.FromResult(stale.LockLost.IsCancellationRequested), Patience, "LockLost after a refused renewal");

        Assert.False(((LockHandle)stale).Lease.IsHeld);
        Assert.Equal(fresh.Owner, (await sut.ReadAsync(Resource))?.Owner);
        var reentry = await sut.TryAcquireAsync(Resource, TimeSpan.Zero);
        Assert.Null(reentry); // a lost lease is not re-entered
    }

    // ---------------------------------------------------------------- fencing

    [EnvironmentFact]
    public async Task FencingToken_StaleHolderWritesAfterNewHolder_WriteIsRejected()
    {
        await Database.ExecuteAsync("CREATE TABLE accounts (id INTEGER PRIMARY KEY, balance BIGINT NOT NULL, fence_token BIGINT NOT NULL)");
        await Database.ExecuteAsync("INSERT INTO accounts (id, balance, fence_token) VALUES (1, 100, 0)");
        var (stalled, _, sut, clock) = TwoProcesses();
        var stale = await stalled.AcquireAsync("account:1", TimeSpan.Zero);
        Assert.Equal(1, await WriteBalanceAsync(stale, 90));

        clock.Advance(Lease + TimeSpan.FromSeconds(1)); // process-a stalls (GC pause, network partition) past its lease
        await using var fresh = await sut.AcquireAsync("account:1", TimeSpan.Zero);
        var freshWrite = await WriteBalanceAsync(fresh, 50);
        var staleWrite = await WriteBalanceAsync(stale, 80); // process-a wakes up and writes with its old token

        Assert.Equal(1, freshWrite);
        Assert.Equal(0, staleWrite);
        Assert.Throws<OperationCanceledException>(() => stale.ThrowIfStale(staleWrite));
        fresh.ThrowIfStale(freshWrite);
        Assert.Equal(50, await Database.ScalarAsync("SELECT balance FROM accounts WHERE id = 1"));
        Assert.Equal(fresh.FencingToken, await Database.ScalarAsync("SELECT fence_token FROM accounts WHERE id = 1"));
    }

    // ---------------------------------------------------------------- schema

    [EnvironmentFact]
    public async Task CreateSchemaFalse_TableFromMigrationFile_Works()
    {
        var sut = CreateLock(ownerId: "process-a", configure: o => o.CreateSchema = false);
        await Assert.ThrowsAnyAsync<DbException>(() => sut.TryAcquireAsync(Resource, TimeSpan.Zero));

        var file = Database.Provider switch
        {
            DistributedLockProviders.Sqlite => "distributed-lock.sqlite.sql",
            DistributedLockProviders.PostgreSql => "distributed-lock.postgresql.sql",
            _ => "distributed-lock.sqlserver.sql",
        };
        await Database.ExecuteAsync(await File.ReadAllTextAsync(Path.Combine(TestEnvironment.RepoRoot, "migrations", "sql", file)));
        await using var handle = await sut.TryAcquireAsync(Resource, TimeSpan.Zero);

        Assert.NotNull(handle);
        Assert.Equal(1, await Database.ScalarAsync("SELECT COUNT(*) FROM distributed_locks"));
    }

    [EnvironmentFact]
    public async Task TableName_Custom_LocksLiveInThatTable()
    {
        var sut = CreateLock(ownerId: "process-a", configure: o => o.TableName = "app_locks");
        var again = CreateLock(ownerId: "process-b", configure: o => o.TableName = "app_locks");

        await using var handle = await sut.AcquireAsync(Resource, TimeSpan.Zero);
        var second = await again.TryAcquireAsync(Resource, TimeSpan.Zero);

        Assert.Null(second);
        Assert.Equal(1, await Database.ScalarAsync("SELECT fencing_token FROM app_locks WHERE resource = @r", ("@r", Resource)));
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>Starts <paramref name="body"/> in a fresh async flow (no inherited lock), like a new request.</summary>
    protected static Task<T> InNewFlow<T>(Func<Task<T>> body)
    {
        using (ExecutionContext.SuppressFlow())
        {
            return Task.Run(body);
        }
    }

    /// <summary>Two processes ("process-a", "process-b") on separate fake clocks over the same table.</summary>
    private (DistributedLock A, FakeTimeProvider ClockA, DistributedLock B, FakeTimeProvider ClockB) TwoProcesses()
    {
        var clockA = new FakeTimeProvider(TestClock.Start);
        var clockB = new FakeTimeProvider(TestClock.Start);
        return (CreateLock(clockA, "process-a"), clockA, CreateLock(clockB, "process-b"), clockB);
    }

    private DistributedLock CreateLock(TimeProvider? time = null, string? ownerId = null, Action<DistributedLockOptions>? configure = null)
    {
        var options = new DistributedLockOptions
        {
            Provider = Database.Provider,
            ConnectionString = Database.ConnectionString,
            OwnerId = ownerId,
        };
        configure?.Invoke(options);
        var instance = new DistributedLock(Options.Create(options), time);
        _locks.Add(instance);
        return instance;
    }

    private async Task<int> WriteBalanceAsync(ILockHandle handle, long balance)
    {
        await using var connection = await Database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE accounts SET balance = @balance, fence_token = @fence_token WHERE id = 1 AND fence_token <= @fence_token";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@balance";
        parameter.Value = balance;
        command.Parameters.Add(parameter);
        command.AddFencingToken(handle);
        return await command.ExecuteNonQueryAsync();
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)))
        {
            if (Interlocked.CompareExchange(ref target, value, current) == current)
            {
                return;
            }
        }
    }
}
