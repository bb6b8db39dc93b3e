using System.Collections.Concurrent;
using System.Net;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Transactions.ReliableMessage.Protocol.V1;

namespace Transactions.ReliableMessage.IntegrationTests.Infrastructure;

/// <summary>
/// A producer's back-check endpoint (ProducerCheck over HTTP/2 on a real Kestrel socket) that holds every call until
/// <see cref="Release"/>, then answers every call, held or new, with <see cref="Decision"/>: while it holds, the
/// service keeps the leases of the messages it is checking.
/// </summary>
public sealed class HeldCheckEndpoint : IAsyncDisposable
{
    private WebApplication? _app;
    private readonly ConcurrentDictionary<long, int> _calls = new();
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HeldCheckEndpoint(CheckDecision decision) => Decision = decision;

    /// <summary>gRPC base address to give as the message's check endpoint.</summary>
    public string Address { get; private set; } = string.Empty;

    /// <summary>The answer once released.</summary>
    public CheckDecision Decision { get; }

    /// <summary>Check calls received per message id.</summary>
    public IReadOnlyDictionary<long, int> Calls => _calls;

    /// <summary>Starts it on a free loopback port.</summary>
    public static async Task<HeldCheckEndpoint> StartAsync(CheckDecision decision = CheckDecision.Rollback)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        var endpoint = new HeldCheckEndpoint(decision);
        builder.Services.AddSingleton(endpoint);
        var app = builder.Build();
        endpoint._app = app;
        app.MapGrpcService<CheckService>();
        await app.StartAsync();
        endpoint.Address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return endpoint;
    }

    /// <summary>From now on every call, held or new, is answered.</summary>
    public void Release() => _released.TrySetResult();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Release();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private async Task<CheckResponse> CheckAsync(CheckRequest request, CancellationToken cancellationToken)
    {
        _calls.AddOrUpdate(request.MessageId, 1, (_, n) => n + 1);
        await _released.Task.WaitAsync(cancellationToken);
        return new CheckResponse { Decision = Decision };
    }

    private sealed class CheckService(HeldCheckEndpoint endpoint) : ProducerCheck.ProducerCheckBase
    {
        public override Task<CheckResponse> Check(CheckRequest request, ServerCallContext context) =>
            endpoint.CheckAsync(request, context.CancellationToken);
    }
}
