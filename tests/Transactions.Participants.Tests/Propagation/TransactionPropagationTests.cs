using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Transactions.Participants.Tests.Propagation;

public sealed class TransactionPropagationTests
{
    [Theory]
    [InlineData("7318624418365603841", 7318624418365603841L)]
    [InlineData(" 42 ", 42L)]
    public void TryParse_ValidValue_ReturnsXid(string value, long expected)
    {
        Assert.True(TransactionPropagation.TryParse(value, out var xid));
        Assert.Equal(expected, xid);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("12abc")]
    [InlineData("99999999999999999999")]
    public void TryParse_InvalidValue_ReturnsFalse(string? value)
    {
        Assert.False(TransactionPropagation.TryParse(value, out var xid));
        Assert.Equal(0, xid);
    }

    [Fact]
    public async Task Enter_FlowsAcrossAwaitAndRestoresPrevious()
    {
        long? inner;
        using (TransactionContext.Enter(1))
        {
            using (TransactionContext.Enter(2))
            {
                await Task.Yield();
                inner = await Task.Run(() => TransactionContext.CurrentXid);
            }

            Assert.Equal(1, TransactionContext.CurrentXid);
        }

        Assert.Equal(2, inner);
        Assert.Null(TransactionContext.CurrentXid);
    }

    [Fact]
    public async Task Handler_InsideTransaction_AddsXidHeader()
    {
        var terminal = new RecordingHandler();
        using var client = new HttpClient(new TransactionPropagationHandler(terminal));

        using (TransactionContext.Enter(123456789012345))
        {
            (await client.GetAsync(new Uri("http://service.test/"))).Dispose();
        }

        Assert.Equal(["123456789012345"], terminal.Last!.Headers.GetValues("tx-xid"));
    }

    [Fact]
    public async Task Handler_OutsideTransaction_AddsNothing()
    {
        var terminal = new RecordingHandler();
        using var client = new HttpClient(new TransactionPropagationHandler(terminal));

        (await client.GetAsync(new Uri("http://service.test/"))).Dispose();

        Assert.False(terminal.Last!.Headers.Contains("tx-xid"));
    }

    [Fact]
    public async Task Handler_HeaderAlreadySet_KeepsTheCallersValue()
    {
        var terminal = new RecordingHandler();
        using var client = new HttpClient(new TransactionPropagationHandler(terminal));
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://service.test/");
        request.Headers.Add("tx-xid", "9");

        using (TransactionContext.Enter(10))
        {
            (await client.SendAsync(request)).Dispose();
        }

        Assert.Equal(["9"], terminal.Last!.Headers.GetValues("tx-xid"));
    }

    [Fact]
    public async Task Middleware_ValidHeader_RequestRunsInThatTransaction()
    {
        long? seen = null;
        var sut = BuildPipeline(_ => seen = TransactionContext.CurrentXid);
        var context = new DefaultHttpContext();
        context.Request.Headers["tx-xid"] = "4242";

        await sut(context);

        Assert.Equal(4242, seen);
        Assert.Null(TransactionContext.CurrentXid);
    }

    [Theory]
    [InlineData("not-a-number")]
    [InlineData("0")]
    public async Task Middleware_InvalidHeader_RequestRunsOutsideAnyTransaction(string value)
    {
        var called = false;
        long? seen = -1;
        var sut = BuildPipeline(_ =>
        {
            called = true;
            seen = TransactionContext.CurrentXid;
        });
        var context = new DefaultHttpContext();
        context.Request.Headers["tx-xid"] = value;

        await sut(context);

        Assert.True(called);
        Assert.Null(seen);
    }

    [Fact]
    public void WithTransaction_InsideTransaction_AddsMetadataToACopy()
    {
        var original = new Metadata { { "authorization", "Bearer x" } };
        var options = new CallOptions(headers: original);

        CallOptions sut;
        using (TransactionContext.Enter(31))
        {
            sut = options.WithTransaction();
        }

        Assert.Equal("31", sut.Headers!.GetValue("tx-xid"));
        Assert.Equal("Bearer x", sut.Headers.GetValue("authorization"));
        Assert.Null(original.GetValue("tx-xid"));
    }

    [Fact]
    public void WithTransaction_OutsideTransaction_ReturnsOptionsUnchanged()
    {
        var options = new CallOptions(deadline: DateTime.UtcNow.AddSeconds(1));

        var sut = options.WithTransaction();

        Assert.Equal(options, sut);
        Assert.Null(sut.Headers);
    }

    private static RequestDelegate BuildPipeline(Action<HttpContext> endpoint)
    {
        var services = new ServiceCollection().AddLogging().BuildServiceProvider();
        var app = new ApplicationBuilder(services);
        app.UseTransactionPropagation();
        app.Run(context =>
        {
            endpoint(context);
            return Task.CompletedTask;
        });
        return app.Build();
    }

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public HttpRequestMessage? Last { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Last = request;
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK));
        }
    }
}
