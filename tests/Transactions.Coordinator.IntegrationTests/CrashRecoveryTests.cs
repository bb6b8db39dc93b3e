using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Transactions.Coordinator.IntegrationTests.Infrastructure;
using Transactions.Protocol.V1;
using Transactions.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Transactions.Coordinator.IntegrationTests;

/// <summary>
/// Real processes on one PostgreSQL: coordinator instances are SIGKILLed in the middle of phase 2, or
/// under load with group-commit batches in flight; the surviving or restarted instance finishes every
/// transaction, every answered write is durable, and each branch's Confirm or Cancel takes effect exactly once.
/// </summary>
[Trait("Requires", "PostgreSQL")]
[Collection(RunsAloneCollection.Name)]
public sealed class CrashRecoveryTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Transactions = 40;
    private const int Clients = 16;
    private PostgresDatabase _database = null!;
    private TestParticipant _stock = null!;
    private TestParticipant _points = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync("tx_crash");
        _stock = await TestParticipant.StartAsync("stock");
        _points = await TestParticipant.StartAsync("points");
    }

    public async Task DisposeAsync()
    {
        await _stock.DisposeAsync();
        await _points.DisposeAsync();
        await _database.DisposeAsync();
    }

    [PostgresFact]
    public async Task Sigkill_OneOfTwoInstancesDuringPhaseTwo_OtherFinishesEveryTransactionOnce()
    {
        var settings = new Dictionary<string, string>
        {
            // A call budget a loaded machine meets (participants answer after 300 ms); the lease must exceed two calls.
            ["Coordinator__LeaseDuration"] = "00:00:05",
            ["Coordinator__BranchCallTimeout"] = "00:00:02",
        };
        await using var a = await CoordinatorProcess.StartAsync("PostgreSql", _database.ConnectionString, settings);
        await using var b = await CoordinatorProcess.StartAsync("PostgreSql", _database.ConnectionString, settings);
        _stock.Delay = TimeSpan.FromMilliseconds(300);
        _points.Delay = TimeSpan.FromMilliseconds(300);

        var xids = await StartTransactionsAsync(a, Transactions);

        // Decide all of them on A (half commit, half roll back) without waiting, then kill A mid-phase 2.
        await Task.WhenAll(xids.Select((xid, i) => i % 2 == 0
            ? (Task)a.Tm.CommitAsync(new CommitRequest { Xid = xid, ReturnAfterDecision = true }).ResponseAsync
            : a.Tm.RollbackAsync(new RollbackRequest { Xid = xid, Reason = "test", ReturnAfterDecision = true }).ResponseAsync));
        await Task.Delay(150);
        a.Kill();
        var inFlight = 0;
        foreach (var xid in xids)
        {
            var status = (await b.Tm.GetStatusAsync(new GetStatusRequest { Xid = xid })).Status;
            inFlight += status is GlobalStatus.Committing or GlobalStatus.RollingBack ? 1 : 0;
        }

        output.WriteLine($"in flight when A was killed: {inFlight} of {xids.Count}");
        Assert.True(inFlight > 0, "the kill should land while phase 2 is running");

        var elapsed = await WaitAllTerminalAsync(b, xids, TimeSpan.FromSeconds(60), "every transaction terminal");
        output.WriteLine($"all terminal {elapsed.TotalSeconds:F1} s after the kill (lease 5 s)");
        await AssertExactlyOnceAsync(b, xids);
    }

    [PostgresFact]
    public async Task Sigkill_AndRestartSameInstance_EveryInFlightTransactionTerminalWithinFiveSeconds()
    {
        // Default lease and timeouts: the restarted instance recognises its own leases.
        await using var a = await CoordinatorProcess.StartAsync("PostgreSql", _database.ConnectionString);
        _stock.Delay = TimeSpan.FromMilliseconds(300);
        _points.Delay = TimeSpan.FromMilliseconds(300);
        var xids = await StartTransactionsAsync(a, Transactions);
        await Task.WhenAll(xids.Select(xid => a.Tm.CommitAsync(new CommitRequest { Xid = xid, ReturnAfterDecision = true }).ResponseAsync));
        await Task.Delay(150);

        a.Kill();
        var restart = Stopwatch.StartNew();
        await a.StartAgainAsync();
        var startup = restart.Elapsed;
        await WaitAllTerminalAsync(a, xids, TimeSpan.FromSeconds(30), "every transaction terminal after restart");
        var total = restart.Elapsed;
        output.WriteLine($"restart took {startup.TotalSeconds:F2} s; all terminal {total.TotalSeconds:F2} s after the kill, {(total - startup).TotalSeconds:F2} s after the restart");

        Assert.True(total - startup < TimeSpan.FromSeconds(5), $"terminal {(total - startup).TotalSeconds:F2} s after restart; the target is 5 s");
        await AssertExactlyOnceAsync(a, xids);
    }

    [PostgresFact]
    public async Task Sigkill_WhileGroupCommitBatchesInFlight_EveryAnsweredWriteDurableAndNothingDuplicated()
    {
        // 16 clients keep the coordinator busy with Begin, RegisterBranch and Commit (with idempotency keys, as the
        // SDK sends them), so PostgreSQL batches of several callers are in flight when it dies. Every answered call
        // must be durable with what its answer said; an unanswered call left at most its own write, and sent again
        // with its key after the restart it creates no duplicate; nothing is duplicated.
        await using var coordinator = await CoordinatorProcess.StartAsync("PostgreSql", _database.ConnectionString);
        var begun = new ConcurrentBag<long>();
        var registered = new ConcurrentDictionary<long, ConcurrentBag<long>>();
        var committed = new ConcurrentBag<long>();
        var unansweredBegins = new ConcurrentBag<BeginRequest>();
        var unansweredRegistrations = new ConcurrentBag<RegisterBranchRequest>();
        using var stop = new CancellationTokenSource();

        async Task ClientAsync()
        {
            var tm = coordinator.Tm;
            var rm = coordinator.Rm;
            while (!stop.IsCancellationRequested)
            {
                var begin = new BeginRequest { Name = "group-commit", TimeoutMs = 120_000, IdempotencyKey = Guid.NewGuid().ToString("N") };
                long xid;
                try
                {
                    xid = (await tm.BeginAsync(begin)).Xid;
                }
                catch (RpcException)
                {
                    // The kill: this call has no answer.
                    unansweredBegins.Add(begin);
                    return;
                }

                begun.Add(xid);
                foreach (var participant in new[] { _stock, _points })
                {
                    var registration = Reserve(xid, participant);
                    registration.IdempotencyKey = Guid.NewGuid().ToString("N");
                    try
                    {
                        registered.GetOrAdd(xid, _ => []).Add((await rm.RegisterBranchAsync(registration)).BranchId);
                    }
                    catch (RpcException)
                    {
                        unansweredRegistrations.Add(registration);
                        return;
                    }
                }

                try
                {
                    var commit = await tm.CommitAsync(new CommitRequest { Xid = xid, ReturnAfterDecision = true });
                    Assert.Equal(GlobalStatus.Committing, commit.Status);
                    committed.Add(xid);
                }
                catch (RpcException)
                {
                    return;
                }
            }
        }

        var clients = Enumerable.Range(0, Clients).Select(_ => Task.Run(ClientAsync)).ToArray();
        await Eventually.WaitAsync(() => Task.FromResult(committed.Count >= 200), TimeSpan.FromSeconds(60), "200 commits under load");
        coordinator.Kill();
        await Task.WhenAll(clients);
        output.WriteLine($"answered before the kill: {begun.Count} begins, {registered.Values.Sum(b => b.Count)} registrations, {committed.Count} commits");

        await coordinator.StartAgainAsync();
        var tm = coordinator.Tm;

        // The unanswered calls, sent again with their keys: each gets an answer, and no second transaction or branch.
        foreach (var begin in unansweredBegins)
        {
            var xid = (await tm.BeginAsync(begin)).Xid;
            Assert.Equal(xid, (await tm.BeginAsync(begin)).Xid);
        }

        foreach (var registration in unansweredRegistrations)
        {
            var branchId = (await coordinator.Rm.RegisterBranchAsync(registration)).BranchId;
            Assert.Equal(branchId, (await coordinator.Rm.RegisterBranchAsync(registration)).BranchId);
            registered.GetOrAdd(registration.Xid, _ => []).Add(branchId);
        }

        output.WriteLine($"sent again after the restart: {unansweredBegins.Count} begins, {unansweredRegistrations.Count} registrations");
        foreach (var xid in begun)
        {
            // An answered Begin is durable (GetStatus throws NotFound otherwise).
            var status = await tm.GetStatusAsync(new GetStatusRequest { Xid = xid });
            var answered = registered.TryGetValue(xid, out var ids) ? ids.ToHashSet() : [];
            var stored = status.Branches.Select(b => b.BranchId).ToList();

            // Every answered registration is durable, and nothing else is stored (the unanswered ones were sent again
            // and answered above); no branch twice and no resource twice.
            Assert.Equal(answered, stored.ToHashSet());
            Assert.Equal(stored.Count, stored.Distinct().Count());
            Assert.Equal(stored.Count, status.Branches.Select(b => b.ResourceId).Distinct().Count());
        }

        // Every answered commit decision holds and completes; every branch of it is confirmed exactly once.
        await WaitAllTerminalAsync(coordinator, committed, TimeSpan.FromSeconds(60), "every answered commit terminal");
        foreach (var xid in committed)
        {
            Assert.Equal(GlobalStatus.Committed, (await tm.GetStatusAsync(new GetStatusRequest { Xid = xid })).Status);
        }

        await AssertExactlyOnceAsync(coordinator, committed);
    }

    private async Task<List<long>> StartTransactionsAsync(CoordinatorProcess coordinator, int count)
    {
        var xids = new List<long>();
        for (var i = 0; i < count; i++)
        {
            var xid = (await coordinator.Tm.BeginAsync(new BeginRequest { Name = "crash", TimeoutMs = 120_000 })).Xid;
            foreach (var participant in new[] { _stock, _points })
            {
                await coordinator.Rm.RegisterBranchAsync(Reserve(xid, participant));
            }

            xids.Add(xid);
        }

        return xids;
    }

    private static RegisterBranchRequest Reserve(long xid, TestParticipant participant) => new()
    {
        Xid = xid,
        ResourceId = participant.Name,
        ActionName = "reserve",
        BranchType = BranchType.Tcc,
        ParticipantEndpoint = participant.GrpcEndpoint,
        Protocol = ParticipantProtocol.Grpc,
    };

    /// <summary>
    /// Waits for every transaction to end; when one does not, fails with what each unfinished one looks like (status,
    /// branches, attempts, last errors), the calls its participants saw and the end of the coordinator's log.
    /// </summary>
    private async Task<TimeSpan> WaitAllTerminalAsync(CoordinatorProcess coordinator, IReadOnlyCollection<long> xids, TimeSpan timeout, string what)
    {
        try
        {
            return await Eventually.WaitAsync(() => AllTerminalAsync(coordinator, xids), timeout, what);
        }
        catch (TimeoutException timedOut)
        {
            var report = new System.Text.StringBuilder(timedOut.Message).AppendLine();
            foreach (var xid in xids)
            {
                var status = await coordinator.Tm.GetStatusAsync(new GetStatusRequest { Xid = xid });
                if (status.Status is GlobalStatus.Committed or GlobalStatus.RolledBack)
                {
                    continue;
                }

                report.AppendLine($"xid {xid}: {status.Status}{(status.NeedsAttention ? " (needs attention)" : string.Empty)}");
                foreach (var branch in status.Branches)
                {
                    var participant = branch.ResourceId == _stock.Name ? _stock : _points;
                    var calls = participant.Calls.Where(c => c.BranchId == branch.BranchId).Select(c => $"{c.Action}#{c.Attempt}");
                    report.AppendLine($"  branch {branch.BranchId} {branch.ResourceId}: {branch.Status}, {branch.Attempts} attempt(s), last error '{branch.LastError}'; calls seen: {string.Join(' ', calls)}");
                }
            }

            var log = coordinator.Output.Split('\n');
            report.AppendLine("coordinator log (last 80 lines):").AppendJoin('\n', log.Skip(Math.Max(0, log.Length - 80)));
            output.WriteLine(report.ToString());
            throw new TimeoutException(report.ToString(), timedOut);
        }
    }

    private static async Task<bool> AllTerminalAsync(CoordinatorProcess coordinator, IEnumerable<long> xids)
    {
        foreach (var xid in xids)
        {
            var status = (await coordinator.Tm.GetStatusAsync(new GetStatusRequest { Xid = xid })).Status;
            if (status is not (GlobalStatus.Committed or GlobalStatus.RolledBack))
            {
                return false;
            }
        }

        return true;
    }

    private async Task AssertExactlyOnceAsync(CoordinatorProcess coordinator, IEnumerable<long> xids)
    {
        foreach (var xid in xids)
        {
            var status = await coordinator.Tm.GetStatusAsync(new GetStatusRequest { Xid = xid });
            var expected = status.Status == GlobalStatus.Committed ? "confirm" : "cancel";
            Assert.Equal(2, status.Branches.Count);
            foreach (var branch in status.Branches)
            {
                var participant = branch.ResourceId == _stock.Name ? _stock : _points;
                Assert.True(participant.Effects.TryGetValue(branch.BranchId, out var effect), $"branch {branch.BranchId} of xid {xid} never took effect");
                Assert.Equal(expected, effect);
            }
        }

        // One effect per branch: a second effect for a branch would have thrown in the participant.
        Assert.Equal(_stock.Effects.Count, _stock.EffectCount);
        Assert.Equal(_points.Effects.Count, _points.EffectCount);
    }
}
