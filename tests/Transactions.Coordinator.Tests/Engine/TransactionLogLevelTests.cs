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
}
