using System.Diagnostics;
using Transactions.Grpc.Tests.Echo;
using Transactions.Grpc.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Transactions.Grpc.Tests;

public sealed class ZzThroughputProbe(ITestOutputHelper output)
{
    [Fact]
    public async Task Probe()
    {
        await using var server = await EchoServer.StartAsync();
        using var channel = server.CreateChannel();
        for (var round = 0; round < 3; round++)
        {
            const int Total = 20000;
            var next = -1;
            var sw = Stopwatch.StartNew();
            var alloc0 = GC.GetTotalAllocatedBytes(true);
            await Task.WhenAll(Enumerable.Range(0, 64).Select(async _ =>
            {
                while (Interlocked.Increment(ref next) < Total)
                {
                    await channel.UnaryAsync(EchoMethods.Say, new EchoRequest { Message = "x", Id = 1 }, new CallOptions(Deadline: DateTime.UtcNow.AddSeconds(30)));
                }
            }));
            var alloc = GC.GetTotalAllocatedBytes(true) - alloc0;
            output.WriteLine($"{Total / sw.Elapsed.TotalSeconds:F0} calls/s, {alloc / Total} B/call (client+server)");
        }
        Assert.True(true);
    }
}
