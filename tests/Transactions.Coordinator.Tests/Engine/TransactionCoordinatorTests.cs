using Microsoft.Extensions.Time.Testing;
using Transactions.Coordinator.Domain;
using Transactions.Coordinator.Engine;
using Transactions.Coordinator.Errors;
using Transactions.Coordinator.Participants;
using Transactions.Coordinator.Storage;
using Transactions.Testing;
using Xunit;

namespace Transactions.Coordinator.Tests.Engine;

/// <summary>
/// Engine behaviour with injected faults: failing participants, crashes between the decision and
/// phase 2 and in the middle of a round, races between commit and rollback, timeouts, and a second
/// instance taking over. Real SQLite store, fake clock, fake participants.
/// </summary>
public sealed class TransactionCoordinatorTests : IAsyncLifetime
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"tx-engine-{Guid.NewGuid():N}.db");
    private readonly FakeTimeProvider _time = new(TestClock.Start);
    private EngineFixture _sut = null!;

    public async Task InitializeAsync() => _sut = await EngineFixture.CreateAsync(_database, _time);

    public async Task DisposeAsync()
    {
        await _sut.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(_database) + "*"))
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task CommitAsync_AllConfirm_CommittedAndEachBranchConfirmedOnce()
    {
        var (xid, branches) = await BeginWithBranchesAsync(_sut, 2);

        var status = await _sut.Coordinator.CommitAsync(xid, returnAfterDecision: false, actor: null, CancellationToken.None);

        Assert.Equal(GlobalStatus.Committed, status);
        Assert.Equal(branches.Order(), _sut.Invoker.Calls.Where(c => c.Action == BranchAction.Confirm).Select(c => c.BranchId).Order());
        var snapshot = await _sut.Coordinator.GetAsync(xid, CancellationToken.None);
        Assert.All(snapshot.Branches, b => Assert.Equal(BranchStatus.Confirmed, b.Status));
        var kinds = (await _sut.Store.GetEventsAsync(xid, CancellationToken.None)).Select(e => e.Kind).ToList();
        Assert.Equal(TransactionEventKinds.Begun, kinds[0]);
        Assert.Contains(TransactionEventKinds.CommitDecided, kinds);
        Assert.Equal(TransactionEventKinds.Committed, kinds[^1]);
    }

    [Fact]
    public async Task RollbackAsync_MiddleCancelFails_StopsInReverseOrderAndResumesLater()
    {
        var (xid, branches) = await BeginWithBranchesAsync(_sut, 3);
        var failOnce = true;
        _sut.Invoker.Script = (b, _, _) =>
        {
            if (b.BranchId == branches[1] && failOnce)
            {
                failOnce = false;
                return BranchCallResult.Failure("database busy");
            }

            return BranchCallResult.Success;
        };

        var first = await _sut.Coordinator.RollbackAsync(xid, "user cancelled", false, null, CancellationToken.None);
        Assert.Equal(GlobalStatus.RollingBack, first);
        Assert.Equal([branches[2], branches[1]], _sut.Invoker.Calls.Select(c => c.BranchId));

        _time.Advance(TimeSpan.FromSeconds(2));
        await _sut.Recovery.PollOnceAsync(CancellationToken.None);

        Assert.Equal([branches[2], branches[1], branches[1], branches[0]], _sut.Invoker.Calls.Select(c => c.BranchId));
        Assert.All(_sut.Invoker.Calls, c => Assert.Equal(BranchAction.Cancel, c.Action));
        Assert.Equal(GlobalStatus.RolledBack, (await _sut.Store.FindAsync(xid, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task CommitAsync_RacingRollbacks_ExactlyOneDecisionAndItNeverFlips()
    {
        var (xid, _) = await BeginWithBranchesAsync(_sut, 2);

        var attempts = Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            try
            {
                return i % 2 == 0
                    ? await _sut.Coordinator.CommitAsync(xid, true, null, CancellationToken.None)
                    : await _sut.Coordinator.RollbackAsync(xid, "race", true, null, CancellationToken.None);
            }
            catch (TransactionStateException ex)
            {
                return ex.Status;
            }
        })).ToArray();
        var answers = await Task.WhenAll(attempts);
        await WaitTerminalAsync(_sut, xid);

        var final = (await _sut.Store.FindAsync(xid, CancellationToken.None))!.Status;
        var actions = _sut.Invoker.Calls.Select(c => c.Action).Distinct().ToArray();
        Assert.Single(actions);
        Assert.Equal(final == GlobalStatus.Committed ? BranchAction.Confirm : BranchAction.Cancel, actions[0]);
        var losing = final == GlobalStatus.Committed ? new[] { GlobalStatus.RollingBack, GlobalStatus.RolledBack } : [GlobalStatus.Committing, GlobalStatus.Committed];
        Assert.DoesNotContain(answers, a => losing.Contains(a));
        var decisions = (await _sut.Store.GetEventsAsync(xid, CancellationToken.None)).Count(e => e.Kind is TransactionEventKinds.CommitDecided or TransactionEventKinds.RollbackDecided);
        Assert.Equal(1, decisions);
    }

    [Fact]
    public async Task Recovery_InstanceCrashedAfterDecision_OtherInstanceFinishesAfterLeaseExpires()
    {
        await using var other = await EngineFixture.CreateAsync(_database, _time, instanceId: "B", workerId: 2);
        var (xid, branches) = await BeginWithBranchesAsync(_sut, 2);

        // A persists the decision with its lease, then dies before any Confirm.
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        Assert.True(await _sut.Store.TryTransitionAsync(
            new GlobalTransition(xid, GlobalStatus.Active, GlobalStatus.Committing, now) { LeaseOwner = "A", LeaseExpiresUnixMs = now + 10_000, NextAttemptUnixMs = now + 10_000 },
            [],
            CancellationToken.None));

        Assert.Equal(0, await other.Recovery.PollOnceAsync(CancellationToken.None));
        _time.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(1, await other.Recovery.PollOnceAsync(CancellationToken.None));

        Assert.Equal(GlobalStatus.Committed, (await other.Store.FindAsync(xid, CancellationToken.None))!.Status);
        Assert.Equal(branches.Order(), other.Invoker.Calls.Select(c => c.BranchId).Order());
        Assert.Empty(_sut.Invoker.Calls);
    }

    [Fact]
    public async Task Recovery_CrashInTheMiddleOfARound_RoundRepeatedAndParticipantsSeeIdempotentRepeat()
    {
        var (xid, branches) = await BeginWithBranchesAsync(_sut, 2);
        using var crash = new CancellationTokenSource();
        _sut.Invoker.After = (b, _) =>
        {
            if (b.BranchId == branches[0])
            {
                crash.Cancel(); // the process dies after the first participant confirmed, before the round is saved
            }
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _sut.Coordinator.CommitAsync(xid, false, null, crash.Token));
        _sut.Invoker.After = null;
        Assert.Equal(GlobalStatus.Committing, (await _sut.Store.FindAsync(xid, CancellationToken.None))!.Status);

        // Same instance restarted (same instance id): its own lease is taken back at once.
        await using var restarted = await EngineFixture.CreateAsync(_database, _time, instanceId: "A", workerId: 3);
        Assert.Equal(0, await restarted.Recovery.PollOnceAsync(CancellationToken.None));
        Assert.Equal(1, await restarted.Recovery.ReclaimOwnAsync(CancellationToken.None));
        Assert.Equal(1, await restarted.Recovery.PollOnceAsync(CancellationToken.None));

        Assert.Equal(GlobalStatus.Committed, (await restarted.Store.FindAsync(xid, CancellationToken.None))!.Status);
        Assert.Contains(restarted.Invoker.Calls, c => c.BranchId == branches[0]);
        Assert.Contains(restarted.Invoker.Calls, c => c.BranchId == branches[1]);
        Assert.All(_sut.Invoker.Calls.Concat(restarted.Invoker.Calls), c => Assert.Equal(BranchAction.Confirm, c.Action));
    }

    [Fact]
    public async Task Recovery_ActivePastDeadline_RolledBackInReverseOrder()
    {
        var (xid, branches) = await BeginWithBranchesAsync(_sut, 3, timeoutMs: 1000);

        Assert.Equal(0, await _sut.Recovery.PollOnceAsync(CancellationToken.None));
        _time.Advance(TimeSpan.FromMilliseconds(1001));
        await _sut.Recovery.PollOnceAsync(CancellationToken.None);

        var tx = (await _sut.Store.FindAsync(xid, CancellationToken.None))!;
        Assert.Equal(GlobalStatus.RolledBack, tx.Status);
        Assert.Contains("timed out", tx.RollbackReason, StringComparison.Ordinal);
        Assert.Equal(branches.AsEnumerable().Reverse(), _sut.Invoker.Calls.Select(c => c.BranchId));
        await Assert.ThrowsAsync<TransactionStateException>(() => _sut.Coordinator.CommitAsync(xid, false, null, CancellationToken.None));
    }

    [Fact]
    public async Task PhaseTwo_ParticipantKeepsFailing_FlaggedNeedsAttentionAndNeverDropped()
    {
        var (xid, _) = await BeginWithBranchesAsync(_sut, 1);
        _sut.Invoker.Script = (_, _, _) => BranchCallResult.Failure("points service down");

        await _sut.Coordinator.CommitAsync(xid, false, null, CancellationToken.None);
        for (var round = 0; round < 6; round++)
        {
            _time.Advance(TimeSpan.FromSeconds(10));
            await _sut.Recovery.PollOnceAsync(CancellationToken.None);
        }

        var stuck = (await _sut.Store.FindAsync(xid, CancellationToken.None))!;
        Assert.Equal(GlobalStatus.Committing, stuck.Status);
        Assert.True(stuck.NeedsAttention);
        Assert.Equal(7, stuck.Phase2Attempts);
        Assert.Contains("points service down", stuck.LastError, StringComparison.Ordinal);
        Assert.Single((await _sut.Store.GetEventsAsync(xid, CancellationToken.None)), e => e.Kind == TransactionEventKinds.NeedsAttention);

        _sut.Invoker.Script = (_, _, _) => BranchCallResult.Success;
        _time.Advance(TimeSpan.FromSeconds(10));
        await _sut.Recovery.PollOnceAsync(CancellationToken.None);
        Assert.Equal(GlobalStatus.Committed, (await _sut.Store.FindAsync(xid, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task PhaseTwo_SameFailureEveryRound_OneHistoryEntryCountsThemAndANewErrorStartsAnother()
    {
        var (xid, _) = await BeginWithBranchesAsync(_sut, 1);
        var error = "points service down";
        _sut.Invoker.Script = (_, _, _) => BranchCallResult.Failure(error);

        await _sut.Coordinator.CommitAsync(xid, false, null, CancellationToken.None);
        var firstAt = _time.GetUtcNow().ToUnixTimeMilliseconds();
        for (var round = 0; round < 11; round++)
        {
            _time.Advance(TimeSpan.FromSeconds(61));
            await _sut.Recovery.PollOnceAsync(CancellationToken.None);
        }

        var lastAt = _time.GetUtcNow().ToUnixTimeMilliseconds();
        error = "points service: 503";
        _time.Advance(TimeSpan.FromSeconds(61));
        await _sut.Recovery.PollOnceAsync(CancellationToken.None);

        var stuck = (await _sut.Store.FindAsync(xid, CancellationToken.None))!;
        Assert.Equal((GlobalStatus.Committing, 13), (stuck.Status, stuck.Phase2Attempts));
        var failures = (await _sut.Store.GetEventsAsync(xid, CancellationToken.None)).Where(e => e.Kind == TransactionEventKinds.BranchCallFailed).ToList();
        Assert.Equal(2, failures.Count);
        Assert.Equal((12, firstAt, (long?)lastAt), (failures[0].Repeats, failures[0].AtUnixMs, failures[0].LastAtUnixMs));
        Assert.Contains("attempt 1: points service down", failures[0].Detail, StringComparison.Ordinal);
        Assert.Equal((1, (long?)null), (failures[1].Repeats, failures[1].LastAtUnixMs));
        Assert.Contains("attempt 13: points service: 503", failures[1].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegisterBranchAsync_AfterDecision_Refused()
    {
        var (xid, _) = await BeginWithBranchesAsync(_sut, 1);
        await _sut.Coordinator.CommitAsync(xid, false, null, CancellationToken.None);

        var ex = await Assert.ThrowsAsync<TransactionStateException>(() => _sut.Coordinator.RegisterBranchAsync(Branch(xid, "late"), CancellationToken.None));

        Assert.Equal(GlobalStatus.Committed, ex.Status);
    }

    [Fact]
    public async Task RegisterBranchAsync_RetriedWithTheSameKeyAfterCommit_AnswersTheFirstBranchId()
    {
        var xid = (await _sut.Coordinator.BeginAsync(new BeginCommand("order", 0, null, null), CancellationToken.None)).Transaction.Xid;
        var first = await _sut.Coordinator.RegisterBranchAsync(Branch(xid, "stock") with { IdempotencyKey = "k-1" }, CancellationToken.None);
        await _sut.Coordinator.CommitAsync(xid, false, null, CancellationToken.None);

        var retried = await _sut.Coordinator.RegisterBranchAsync(Branch(xid, "stock") with { IdempotencyKey = "k-1" }, CancellationToken.None);

        Assert.Equal(first, retried);
        Assert.Single((await _sut.Store.LoadAsync(xid, CancellationToken.None))!.Branches);
    }

    [Fact]
    public async Task RegisterBranchAsync_KeyTooLong_InvalidRequest()
    {
        var xid = (await _sut.Coordinator.BeginAsync(new BeginCommand("order", 0, null, null), CancellationToken.None)).Transaction.Xid;

        var ex = await Assert.ThrowsAsync<InvalidRequestException>(
            () => _sut.Coordinator.RegisterBranchAsync(Branch(xid, "stock") with { IdempotencyKey = new string('k', 129) }, CancellationToken.None));

        Assert.Equal("idempotency_key", ex.Field);
    }

    [Fact]
    public async Task ReportBranchAsync_Failure_DecidesRollback()
    {
        var (xid, branches) = await BeginWithBranchesAsync(_sut, 2);

        var status = await _sut.Coordinator.ReportBranchAsync(xid, branches[1], failed: true, "out of stock", CancellationToken.None);

        Assert.Equal(GlobalStatus.RollingBack, status);
        await WaitTerminalAsync(_sut, xid);
        Assert.Equal(GlobalStatus.RolledBack, (await _sut.Store.FindAsync(xid, CancellationToken.None))!.Status);
        await Assert.ThrowsAsync<TransactionStateException>(() => _sut.Coordinator.CommitAsync(xid, false, null, CancellationToken.None));
    }

    [Theory]
    [InlineData("", 0, "name")]
    [InlineData("ok", -1, "timeout_ms")]
    [InlineData("ok", 100_000_000, "timeout_ms")]
    public async Task BeginAsync_InvalidInput_NamesTheField(string name, int timeoutMs, string field)
    {
        var ex = await Assert.ThrowsAsync<InvalidRequestException>(() => _sut.Coordinator.BeginAsync(new BeginCommand(name, timeoutMs, null, null), CancellationToken.None));

        Assert.Equal(field, ex.Field);
    }

    [Fact]
    public async Task CommitAsync_UnknownXid_NotFound() =>
        await Assert.ThrowsAsync<TransactionNotFoundException>(() => _sut.Coordinator.CommitAsync(12345, false, null, CancellationToken.None));

    private static async Task<(long Xid, long[] Branches)> BeginWithBranchesAsync(EngineFixture fixture, int count, int timeoutMs = 30_000)
    {
        var begin = await fixture.Coordinator.BeginAsync(new BeginCommand("order", timeoutMs, null, "orders"), CancellationToken.None);
        var branches = new long[count];
        for (var i = 0; i < count; i++)
        {
            branches[i] = await fixture.Coordinator.RegisterBranchAsync(Branch(begin.Transaction.Xid, $"r{i}"), CancellationToken.None);
        }

        return (begin.Transaction.Xid, branches);
    }

    private static RegisterBranchCommand Branch(long xid, string resource) =>
        new(xid, resource, "reserve", BranchType.Tcc, "http://127.0.0.1:1", ParticipantProtocol.Grpc, "{}");

    // Phase 2 runs in the background after the decision: wait for its outcome, with room for a loaded machine.
    private static Task WaitTerminalAsync(EngineFixture fixture, long xid) =>
        Eventually.WaitAsync(
            async () => (await fixture.Store.FindAsync(xid, CancellationToken.None))!.Status.IsTerminal(),
            TimeSpan.FromSeconds(30),
            $"xid {xid} terminal");
}
