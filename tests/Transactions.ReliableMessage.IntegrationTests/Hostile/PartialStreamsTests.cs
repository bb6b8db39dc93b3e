using Google.Protobuf;
using Transactions.ReliableMessage.IntegrationTests.Infrastructure;
using Transactions.ReliableMessage.Protocol.V1;
using Transactions.Testing;
using Transactions.Testing.Hostile;
using Xunit.Abstractions;

namespace Transactions.ReliableMessage.IntegrationTests.Hostile;

/// <summary>
/// Memory under a hostile client: 1,000 gRPC Prepare calls over 10 HTTP/2 connections, each announcing a message just
/// under the service's 8 MiB limit, sending 64 KiB of it and stalling. The service's working set must stay under
/// 400 MB (the hand-made gRPC stack this replaced reached 2.5 GB with 300 such streams), valid calls on another
/// connection must keep answering, and once the client is gone and the service idle its working set must come back
/// within 50 MB of where it started (Memory: the shared buffer pool and the idle collection, Transactions.Hosting.Memory).
/// </summary>
[Collection(RunsAloneCollection.Name)]
public sealed class PartialStreamsTests(ITestOutputHelper output)
{
    [PostgresFact]
    public async Task ThousandPartialStreamsOverTenConnections_WorkingSetUnder400MB_ValidCallsKeepAnswering_MemoryReturnedOnceIdle()
    {
        await using var database = await PostgresDatabase.CreateAsync("rm_hostile");
        await using var service = await ServiceProcess.StartAsync(database.ConnectionString, transport: "Push");
        var client = service.Client;
        for (var i = 0; i < 200; i++)
        {
            await client.PrepareAsync(Prepare(i));
        }

        var run = await PartialStreamsRun.MeasureAsync(service.ProcessId, service.GrpcAddress, "/reliablemessage.v1.ReliableMessageService/Prepare", announcedBytes: 8_000_000, async i => Assert.True((await client.PrepareAsync(Prepare(1_000 + i), deadline: DateTime.UtcNow.AddSeconds(5))).MessageId > 0));

        output.WriteLine(run.ToString());
        Assert.True(run.Started >= 100, $"only {run.Started} hostile streams got their bytes out: the test did not load the server");
        Assert.True(run.PeakMegabytes < 400, $"peak working set {run.PeakMegabytes:F0} MB (started at {run.StartMegabytes:F0} MB)");
        Assert.True(run.Answered >= 10, $"only {run.Answered} valid calls answered in 4 s");
        Assert.True(run.Returned, $"working set {run.SettledMegabytes:F0} MB {run.SettledAfter.TotalSeconds:F0} s after the client went, started at {run.StartMegabytes:F0} MB");
    }

    private static PrepareRequest Prepare(int i) =>
        new() { Topic = "hostile-test", Key = $"k{i}", Payload = ByteString.CopyFromUtf8("x"), ProducerGroup = "hostile-test-producer" };
}
