using System.IO.Pipelines;
using Grpc.Core;
using Transactions.Hosting.Memory;
using Transactions.Hosting.Security;
using Xunit;

namespace Transactions.Coordinator.Tests.Hosting;

/// <summary>The per-call limit and the service-wide budget of request body bytes (RequestBodyLimitsMiddleware's reader).</summary>
public sealed class LimitedPipeReaderTests
{
    [Fact]
    public async Task A_call_past_its_limit_is_refused_and_holds_nothing()
    {
        var budget = new RequestBodyBudget(1024 * 1024);
        var pipe = new Pipe();
        var reader = new LimitedPipeReader(pipe.Reader, limit: 16 * 1024, budget);

        await pipe.Writer.WriteAsync(new byte[10_000]);
        var first = await reader.ReadAsync();
        Assert.Equal(10_000, first.Buffer.Length);
        Assert.Equal(10_000, budget.HeldBytes);
        reader.AdvanceTo(first.Buffer.Start, first.Buffer.End); // a message still arriving: nothing consumed

        await pipe.Writer.WriteAsync(new byte[10_000]);
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await reader.ReadAsync());
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("16384 bytes", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(0, budget.HeldBytes);
    }

    [Fact]
    public async Task Calls_share_the_budget_and_consumed_or_finished_calls_give_it_back()
    {
        var budget = new RequestBodyBudget(8_000);
        var pipeA = new Pipe();
        var pipeB = new Pipe();
        var a = new LimitedPipeReader(pipeA.Reader, long.MaxValue, budget);
        var b = new LimitedPipeReader(pipeB.Reader, long.MaxValue, budget);

        await pipeA.Writer.WriteAsync(new byte[6_000]);
        var heldByA = await a.ReadAsync();
        Assert.Equal(6_000, budget.HeldBytes);

        await pipeB.Writer.WriteAsync(new byte[3_000]);
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await b.ReadAsync());
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("Memory:RequestBodyBudgetMegabytes", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(6_000, budget.HeldBytes);

        a.AdvanceTo(heldByA.Buffer.GetPosition(4_000)); // A's handler took 4,000 bytes
        Assert.Equal(2_000, budget.HeldBytes);
        var pipeC = new Pipe();
        var c = new LimitedPipeReader(pipeC.Reader, long.MaxValue, budget);
        await pipeC.Writer.WriteAsync(new byte[5_000]);
        var readByC = await c.ReadAsync();
        Assert.Equal(5_000, readByC.Buffer.Length);
        Assert.Equal(7_000, budget.HeldBytes);

        a.ReleaseHeld(); // A's call ended with 2,000 bytes unread
        c.ReleaseHeld();
        c.ReleaseHeld(); // twice is harmless
        Assert.Equal(0, budget.HeldBytes);
    }
}
