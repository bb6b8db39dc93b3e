using System.Diagnostics;
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
/// What it holds afterwards is printed, not asserted: Kestrel keeps the buffers in its block pool and (.NET 10) evicts
/// them gradually once idle, about 5% every 10 s.
/// </summary>
public sealed class PartialStreamsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ThousandPartialStreamsOverTenConnections_WorkingSetUnder400MB_ValidCallsKeepAnswering()
    {
        await using var coordinator = await CoordinatorProcess.StartAsync("Sqlite", $"Data Source={Path.Combine(Path.GetTempPath(), $"tx-hostile-{Guid.NewGuid():N}.db")}");
        var tm = coordinator.Tm;
        for (var i = 0; i < 200; i++)
        {
            await tm.BeginAsync(new BeginRequest { Name = "warm-up", TimeoutMs = 60_000 });
        }

        var start = ProcessMemory.WorkingSetMegabytes(coordinator.ProcessId);
        var peak = start;
        var answered = 0;
        int started;
        await using (var hostile = PartialGrpcStreams.Open(coordinator.GrpcAddress, "/transactions.v1.TransactionManager/Begin", connections: 10, streamsPerConnection: 100, announcedBytes: 1_000_000, sentBytes: 64 * 1024))
        {
            var stopwatch = Stopwatch.StartNew();
            while (stopwatch.Elapsed < TimeSpan.FromSeconds(4))
            {
                var begun = await tm.BeginAsync(new BeginRequest { Name = "valid", TimeoutMs = 60_000 }, deadline: DateTime.UtcNow.AddSeconds(5));
                Assert.True(begun.Xid > 0);
                answered++;
                peak = Math.Max(peak, ProcessMemory.WorkingSetMegabytes(coordinator.ProcessId));
                await Task.Delay(100);
            }

            started = hostile.Started;
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        var after = ProcessMemory.WorkingSetMegabytes(coordinator.ProcessId);
        peak = Math.Max(peak, after); // the streams' teardown allocates too
        output.WriteLine($"hostile streams sending: {started}; working set: start {start:F0} MB, peak {peak:F0} MB, 2 s after the client went {after:F0} MB; valid calls answered meanwhile: {answered}");
        Assert.True(started >= 100, $"only {started} hostile streams got their bytes out: the test did not load the server");
        Assert.True(peak < 400, $"peak working set {peak:F0} MB (started at {start:F0} MB)");
        Assert.True(answered >= 10, $"only {answered} valid calls answered in 4 s");
    }
}
