using System.Net;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Transactions.Protocol.V1;

namespace Transactions.Coordinator.Benchmarks;

/// <summary>A participant whose Try, Confirm and Cancel do nothing, served by Grpc.AspNetCore on a real HTTP/2 socket.</summary>
public sealed class NoOpParticipant : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly NoOpParticipantService _service;

    private NoOpParticipant(WebApplication app, NoOpParticipantService service)
    {
        _app = app;
        _service = service;
    }

    /// <summary>Base address.</summary>
    public string Address { get; private set; } = string.Empty;

    /// <summary>Calls served.</summary>
    public long Calls => _service.Calls;

    /// <summary>Starts on a free loopback port.</summary>
    public static async Task<NoOpParticipant> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear(); // ignore any appsettings.json copied next to the test assembly
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        var service = new NoOpParticipantService();
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(service);
        var app = builder.Build();
        app.MapGrpcService<NoOpParticipantService>();
        await app.StartAsync();
        var participant = new NoOpParticipant(app, service)
        {
            Address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First(),
        };
        return participant;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
