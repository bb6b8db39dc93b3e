using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Transactions.Grpc;
using Transactions.Protocol.V1;

namespace Transactions.Coordinator.Benchmarks;

/// <summary>A participant whose Try, Confirm and Cancel do nothing, on a real HTTP/2 socket.</summary>
public sealed class NoOpParticipant : IAsyncDisposable
{
    /// <summary>The Try call of the benchmark's application (same shape as Confirm).</summary>
    public static readonly Method<BranchActionRequest, BranchActionResponse> Try =
        new(ParticipantMethods.ServiceName, "Try", BranchActionRequest.Parser, BranchActionResponse.Parser);

    private static readonly BranchActionResponse Ok = new() { Result = BranchActionResult.Succeeded };
    private readonly WebApplication _app;
    private long _calls;

    private NoOpParticipant(WebApplication app) => _app = app;

    /// <summary>Base address.</summary>
    public string Address { get; private set; } = string.Empty;

    /// <summary>Calls served.</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>Starts on a free loopback port.</summary>
    public static async Task<NoOpParticipant> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear(); // ignore any appsettings.json copied next to the test assembly
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpcBinding();
        var app = builder.Build();
        var participant = new NoOpParticipant(app);
        app.MapGrpcUnary(Try, participant.Handle);
        app.MapGrpcUnary(ParticipantMethods.Confirm, participant.Handle);
        app.MapGrpcUnary(ParticipantMethods.Cancel, participant.Handle);
        await app.StartAsync();
        participant.Address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return participant;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private Task<BranchActionResponse> Handle(BranchActionRequest request, ServerCallContext context)
    {
        Interlocked.Increment(ref _calls);
        return Task.FromResult(Ok);
    }
}
