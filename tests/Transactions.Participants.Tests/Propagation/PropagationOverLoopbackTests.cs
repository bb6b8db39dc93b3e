using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Transactions.Participants.Tests.Fakes;
using Transactions.Protocol.V1;
using TransactionManagerBase = Transactions.Protocol.V1.TransactionManager.TransactionManagerBase;
using TransactionManagerClient = Transactions.Protocol.V1.TransactionManager.TransactionManagerClient;

namespace Transactions.Participants.Tests.Propagation;

/// <summary>
/// The XID crosses real sockets: HTTP/1.1 with the handler; gRPC metadata with WithTransaction(), with the handler
/// under a channel, with the interceptor on a channel and with AddTransactionPropagation() on a factory client.
/// </summary>
public sealed class PropagationOverLoopbackTests : IAsyncLifetime
{
    private LoopbackApp _app = null!;

    public async Task InitializeAsync() => _app = await LoopbackApp.StartAsync(
        services => services.AddGrpc(),
        app =>
        {
            app.UseTransactionPropagation();
            app.MapGet("/xid", () => Results.Text(TransactionContext.CurrentXid?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"));
            app.MapGrpcService<XidEcho>();
        });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task HttpClientWithHandler_InsideTransaction_ServerRunsInIt()
    {
        using var client = new HttpClient(new TransactionPropagationHandler(new SocketsHttpHandler())) { BaseAddress = _app.Http1Address };

        string inside;
        using (TransactionContext.Enter(8080))
        {
            inside = await client.GetStringAsync(new Uri("/xid", UriKind.Relative));
        }

        var outside = await client.GetStringAsync(new Uri("/xid", UriKind.Relative));
        Assert.Equal(("8080", "none"), (inside, outside));
    }

    [Fact]
    public async Task GrpcCallWithTransactionOptions_InsideTransaction_ServerRunsInIt()
    {
        using var channel = GrpcChannel.ForAddress(_app.Http2Address);
        var client = new TransactionManagerClient(channel);

        GetStatusResponse response;
        using (TransactionContext.Enter(9090))
        {
            response = await client.GetStatusAsync(new GetStatusRequest(), new CallOptions().WithTransaction());
        }

        Assert.Equal(9090, response.Xid);
    }

    [Fact]
    public async Task GrpcChannelOverPropagationHandler_InsideTransaction_EveryCallCarriesTheXid()
    {
        using var handler = new TransactionPropagationHandler(new SocketsHttpHandler());
        using var channel = GrpcChannel.ForAddress(_app.Http2Address, new GrpcChannelOptions { HttpHandler = handler });
        var client = new TransactionManagerClient(channel);

        GetStatusResponse inside;
        using (TransactionContext.Enter(7070))
        {
            inside = await client.GetStatusAsync(new GetStatusRequest());
        }

        var outside = await client.GetStatusAsync(new GetStatusRequest());
        Assert.Equal((7070L, 0L), (inside.Xid, outside.Xid));
    }

    [Fact]
    public async Task GrpcChannelWithInterceptor_InsideTransaction_EveryCallCarriesTheXid()
    {
        using var channel = GrpcChannel.ForAddress(_app.Http2Address);
        var client = new TransactionManagerClient(channel.Intercept(new TransactionPropagationInterceptor()));

        GetStatusResponse inside;
        using (TransactionContext.Enter(6060))
        {
            inside = await client.GetStatusAsync(new GetStatusRequest());
        }

        var outside = await client.GetStatusAsync(new GetStatusRequest());
        Assert.Equal((6060L, 0L), (inside.Xid, outside.Xid));
    }

    [Fact]
    public async Task GrpcChannelWithInterceptor_CallerSetTheXid_KeepsTheCallersValue()
    {
        using var channel = GrpcChannel.ForAddress(_app.Http2Address);
        var client = new TransactionManagerClient(channel.Intercept(new TransactionPropagationInterceptor()));

        GetStatusResponse response;
        using (TransactionContext.Enter(10))
        {
            response = await client.GetStatusAsync(new GetStatusRequest(), headers: new Metadata { { "tx-xid", "9" } });
        }

        Assert.Equal(9, response.Xid);
    }

    [Fact]
    public async Task GrpcClientFactoryWithAddTransactionPropagation_InsideTransaction_EveryCallCarriesTheXid()
    {
        var services = new ServiceCollection();
        services.AddGrpcClient<TransactionManagerClient>(o => o.Address = _app.Http2Address).AddTransactionPropagation();
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<TransactionManagerClient>();

        GetStatusResponse inside;
        using (TransactionContext.Enter(5050))
        {
            inside = await client.GetStatusAsync(new GetStatusRequest());
        }

        var outside = await client.GetStatusAsync(new GetStatusRequest());
        Assert.Equal((5050L, 0L), (inside.Xid, outside.Xid));
    }

    /// <summary>Answers GetStatus with the XID the request ran in (0 outside any transaction).</summary>
    private sealed class XidEcho : TransactionManagerBase
    {
        public override Task<GetStatusResponse> GetStatus(GetStatusRequest request, ServerCallContext context) =>
            Task.FromResult(new GetStatusResponse { Xid = TransactionContext.CurrentXid ?? 0 });
    }
}
