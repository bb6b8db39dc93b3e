using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Transactions.Grpc;
using Transactions.Participants.Tests.Fakes;
using Transactions.Protocol.V1;

namespace Transactions.Participants.Tests.Propagation;

/// <summary>The XID crosses real sockets: HTTP/1.1 with the handler, gRPC metadata with WithTransaction() and with the handler under a channel.</summary>
public sealed class PropagationOverLoopbackTests : IAsyncLifetime
{
    private static readonly Method<GetStatusRequest, GetStatusResponse> Echo =
        new("test.Echo", "Xid", GetStatusRequest.Parser, GetStatusResponse.Parser);

    private LoopbackApp _app = null!;

    public async Task InitializeAsync() => _app = await LoopbackApp.StartAsync(
        services => services.AddGrpcBinding().AddLogging(),
        app =>
        {
            app.UseTransactionPropagation();
            app.MapGet("/xid", () => Results.Text(TransactionContext.CurrentXid?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"));
            app.MapGrpcUnary(Echo, (request, context) => Task.FromResult(new GetStatusResponse { Xid = TransactionContext.CurrentXid ?? 0 }));
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

        GetStatusResponse response;
        using (TransactionContext.Enter(9090))
        {
            response = await channel.UnaryAsync(Echo, new GetStatusRequest(), new CallOptions().WithTransaction());
        }

        Assert.Equal(9090, response.Xid);
    }

    [Fact]
    public async Task GrpcChannelOverPropagationHandler_InsideTransaction_EveryCallCarriesTheXid()
    {
        using var channel = GrpcChannel.ForAddress(_app.Http2Address, new GrpcChannelOptions
        {
            HttpHandler = new TransactionPropagationHandler(new SocketsHttpHandler()),
        });

        GetStatusResponse inside;
        using (TransactionContext.Enter(7070))
        {
            inside = await channel.UnaryAsync(Echo, new GetStatusRequest());
        }

        var outside = await channel.UnaryAsync(Echo, new GetStatusRequest());
        Assert.Equal((7070L, 0L), (inside.Xid, outside.Xid));
    }
}
