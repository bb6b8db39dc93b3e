using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Transactions.ReliableMessage.IntegrationTests.Infrastructure;
using Transactions.ReliableMessage.Producer.Barrier;
using Transactions.ReliableMessage.Protocol.V1;
using Transactions.Testing;

namespace Transactions.ReliableMessage.Benchmarks;

/// <summary>
/// <c>--probe</c>: sequential latency of each step of one send (p50 and p99 over a few hundred calls), to show where
/// the time of a message goes: Prepare and Commit round trips to the service, the producer's local transaction,
/// a read-only call for comparison.
/// </summary>
public static class LatencyProbe
{
    public static async Task RunAsync(TextWriter output, int calls)
    {
        await using var serviceDb = await PostgresDatabase.CreateAsync("rm_probe");
        await using var producerDb = await ShopDatabase.CreateAsync("rm_probe_producer");
        await using var service = await ServiceProcess.StartAsync(serviceDb.ConnectionString, settings: new Dictionary<string, string> { ["Serilog__MinimumLevel__Default"] = "Warning" });
        var client = service.Client;
        var ids = new List<long>(calls);

        await MeasureAsync(output, "Prepare (gRPC, 1 INSERT)", calls, async i =>
            ids.Add((await client.PrepareAsync(new PrepareRequest { Topic = "probe", Key = $"k{i}", ProducerGroup = "probe", Payload = Google.Protobuf.ByteString.CopyFromUtf8("x") })).MessageId));
        await MeasureAsync(output, "GetMessage (gRPC, 2 SELECTs)", calls, async i =>
            await client.GetMessageAsync(new GetMessageRequest { MessageId = ids[i] }));
        await MeasureAsync(output, "Commit (gRPC, 1 UPDATE + publish queued)", calls, async i =>
            await client.CommitAsync(new CommitRequest { MessageId = ids[i] }));
        await MeasureAsync(output, "local transaction (barrier + order row)", calls, async i =>
        {
            await using var db = producerDb.NewContext();
            await using var tx = await db.Database.BeginTransactionAsync();
            await MessageBarrier.InsertAsync(db, 1_000_000 + i, "probe", MessageBarrierState.Committed, 1, default);
            db.Orders.Add(new Order { Id = $"probe-{i}" });
            await db.SaveChangesAsync();
            await tx.CommitAsync();
        });

        var more = new long[2_000];
        await ThroughputAsync(output, "Prepare", more.Length, 32, async i =>
            more[i] = (await client.PrepareAsync(new PrepareRequest { Topic = "probe", Key = $"k{i}", ProducerGroup = "probe", Payload = Google.Protobuf.ByteString.CopyFromUtf8("x") })).MessageId);
        await ThroughputAsync(output, "GetMessage", more.Length, 32, async i =>
            await client.GetMessageAsync(new GetMessageRequest { MessageId = more[i] }));
        await ThroughputAsync(output, "Commit", more.Length, 32, async i =>
            await client.CommitAsync(new CommitRequest { MessageId = more[i] }));
        await ThroughputAsync(output, "local transaction", more.Length, 32, async i =>
        {
            await using var db = producerDb.NewContext();
            await using var tx = await db.Database.BeginTransactionAsync();
            await MessageBarrier.InsertAsync(db, 2_000_000 + i, "probe", MessageBarrierState.Committed, 1, default);
            db.Orders.Add(new Order { Id = $"probe-c-{i}" });
            await db.SaveChangesAsync();
            await tx.CommitAsync();
        });
    }

    /// <summary>Throughput of <paramref name="call"/> from <paramref name="loops"/> concurrent loops.</summary>
    private static async Task ThroughputAsync(TextWriter output, string what, int total, int loops, Func<int, Task> call)
    {
        var next = -1;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, loops).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < total)
            {
                await call(i);
            }
        })));
        output.WriteLine($"  {what,-45} {total / stopwatch.Elapsed.TotalSeconds,7:F0} calls/s with {loops} concurrent loops");
    }

    private static async Task MeasureAsync(TextWriter output, string what, int calls, Func<int, Task> call)
    {
        await call(0);
        var samples = new double[calls - 1];
        for (var i = 1; i < calls; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await call(i);
            samples[i - 1] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(samples);
        output.WriteLine($"  {what,-45} p50 {samples[samples.Length / 2],7:F2} ms   p99 {samples[(int)(samples.Length * 0.99)],7:F2} ms");
    }
}
