using Transactions.Coordinator.IntegrationTests.Infrastructure;
using Transactions.Protocol.V1;
using Transactions.Testing;
using Transactions.Testing.Hostile;
using Xunit;
using Xunit.Abstractions;

namespace Transactions.Coordinator.IntegrationTests.Hostile;

/// <summary>
/// Memory under a hostile client: 1,000 gRPC calls over 10 HTTP/2 connections, each announcing a message just under the
/// coordinator's 1 MiB limit, sending 64 KiB of it and stalling. The coordinator's working set must stay under 400 MB
/// (the hand-made gRPC stack this replaced went past 1 GB) and valid calls on another connection must keep answering.
/// Once the client is gone and the coordinator idle, its working set must come back within 50 MB of
/// where it started (Memory: the shared buffer pool and the idle collection, Transactions.Hosting.Memory).
/// </summary>
[Collection(RunsAloneCollection.Name)]
public sealed class PartialStreamsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ThousandPartialStreamsOverTenConnections_WorkingSetUnder400MB_ValidCallsKeepAnswering_MemoryReturnedOnceIdle()
    {
        await using var coordinator = await CoordinatorProcess.StartAsync("Sqlite", $"Data Source={Path.Combine(Path.GetTempPath(), $"tx-hostile-{Guid.NewGuid():N}.db")}");
        var tm = coordinator.Tm;
        for (var i = 0; i < 200; i++)
        {
            await tm.BeginAsync(new BeginRequest { Name = "warm-up", TimeoutMs = 60_000 });
        }

        var run = await PartialStreamsRun.MeasureAsync(coordinator.ProcessId, coordinator.GrpcAddress, "/transactions.v1.TransactionManager/Begin", announcedBytes: 1_000_000, async _ => Assert.True((await tm.BeginAsync(new BeginRequest { Name = "valid", TimeoutMs = 60_000 }, deadline: DateTime.UtcNow.AddSeconds(5))).Xid > 0));

        output.WriteLine(run.ToString());
        Assert.True(run.Started >= 100, $"only {run.Started} hostile streams got their bytes out: the test did not load the server");
        Assert.True(run.PeakMegabytes < 400, $"peak working set {run.PeakMegabytes:F0} MB (started at {run.StartMegabytes:F0} MB)");
        Assert.True(run.Answered >= 10, $"only {run.Answered} valid calls answered in 4 s");
        Assert.True(run.Returned, $"working set {run.SettledMegabytes:F0} MB {run.SettledAfter.TotalSeconds:F0} s after the client went, started at {run.StartMegabytes:F0} MB");
    }
}
