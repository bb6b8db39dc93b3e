using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Transactions.Coordinator.Domain;
using Transactions.Coordinator.Engine;
using Transactions.Coordinator.Participants;
using Transactions.Testing;
using Xunit;

namespace Transactions.Coordinator.Tests.Engine;

/// <summary>Coordinator:LogEachTransaction: the begin, decision and phase-2 end of every transaction are Debug lines unless it is on.</summary>
public sealed class TransactionLogLevelTests
{
    [Theory]
    [InlineData(false, LogLevel.Debug)]
    [InlineData(true, LogLevel.Information)]
    public async Task CommittedTransaction_ItsThreeLines_AtTheConfiguredLevel(bool logEachTransaction, LogLevel expected)
    {
        var database = Path.Combine(Path.GetTempPath(), $"tx-loglevel-{Guid.NewGuid():N}.db");
        var logs = new RecordingLoggerProvider();
        await using (var engine = await EngineFixture.CreateAsync(database, new FakeTimeProvider(TestClock.Start), configure: o => o.LogEachTransaction = logEachTransaction, logs: logs))
        {
            var begun = await engine.Coordinator.BeginAsync(new BeginCommand("order", 30_000, null, "orders"), CancellationToken.None);
            await engine.Coordinator.RegisterBranchAsync(new RegisterBranchCommand(begun.Transaction.Xid, "stock", "reserve", BranchType.Tcc, "http://127.0.0.1:1", ParticipantProtocol.Grpc, "{}"), CancellationToken.None);
            Assert.Equal(GlobalStatus.Committed, await engine.Coordinator.CommitAsync(begun.Transaction.Xid, false, null, CancellationToken.None));
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var lines = logs.Entries.Where(e => e.EventId is 1 or 5 or 200 && e.Category.StartsWith("Transactions.Coordinator", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, lines.Count);
        Assert.All(lines, l => Assert.Equal(expected, l.Level));
        Assert.All(lines, l => Assert.Contains("xid ", l.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ParticipantKeepsFailing_NeedsAttentionErrorLoggedOnceWhenFlagged_LaterRoundsAreInformation()
    {
        var database = Path.Combine(Path.GetTempPath(), $"tx-loglevel-{Guid.NewGuid():N}.db");
        var logs = new RecordingLoggerProvider();
        var time = new FakeTimeProvider(TestClock.Start);
        await using (var engine = await EngineFixture.CreateAsync(database, time, configure: o => o.NeedsAttentionAfterRounds = 3, logs: logs))
        {
            var begun = await engine.Coordinator.BeginAsync(new BeginCommand("order", 30_000, null, "orders"), CancellationToken.None);
            await engine.Coordinator.RegisterBranchAsync(new RegisterBranchCommand(begun.Transaction.Xid, "points", "add", BranchType.Tcc, "http://127.0.0.1:1", ParticipantProtocol.Grpc, "{}"), CancellationToken.None);
            engine.Invoker.Script = (_, _, _) => BranchCallResult.Failure("points service down");
            await engine.Coordinator.CommitAsync(begun.Transaction.Xid, false, null, CancellationToken.None);
            for (var round = 0; round < 8; round++)
            {
                time.Advance(TimeSpan.FromMinutes(2));
                await engine.Recovery.PollOnceAsync(CancellationToken.None);
            }

            Assert.True((await engine.Store.FindAsync(begun.Transaction.Xid, CancellationToken.None))!.NeedsAttention);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var phaseTwo = logs.Entries.Where(e => e.Category.EndsWith(nameof(PhaseTwoDriver), StringComparison.Ordinal)).ToList();
        var flagged = Assert.Single(phaseTwo, e => e.EventId == 203);
        Assert.Equal(LogLevel.Error, flagged.Level);
        Assert.Contains("after 3 rounds", flagged.Text, StringComparison.Ordinal);
        Assert.True(phaseTwo.Count(e => e.EventId == 202) >= 6, "every other unfinished round is an Information line");
    }
}
