using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Transactions.Grpc.Tests.Echo;

namespace Transactions.Grpc.Tests.Infrastructure;

/// <summary>A real Kestrel on 127.0.0.1 (random port, HTTP/2 only, so plaintext is h2c) serving <c>echo.v1.Echo</c>.</summary>
public sealed class EchoServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EchoServer(WebApplication app, EchoService service, CapturingLoggerProvider logs, Uri address)
    {
        _app = app;
        Service = service;
        Logs = logs;
        Address = address;
    }

    public EchoService Service { get; }

    public CapturingLoggerProvider Logs { get; }

    /// <summary>E.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri Address { get; }

    /// <summary>The address without scheme, as the Node client wants it: <c>127.0.0.1:41234</c>.</summary>
    public string HostAndPort => $"{Address.Host}:{Address.Port}";

    public static async Task<EchoServer> StartAsync(
        Action<GrpcServerOptions>? configure = null, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        var logs = new CapturingLoggerProvider();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.WebHost.UseKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpcBinding(configure);
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        var service = new EchoService();
        app.MapGrpcUnary(EchoMethods.Say, service.SayAsync);
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new EchoServer(app, service, logs, new Uri(address));
    }

    public GrpcChannel CreateChannel(GrpcChannelOptions? options = null) => GrpcChannel.ForAddress(Address, options);

    /// <summary>
    /// Makes one call and forgets it, so the first timed call of a test does not also pay for JIT and connection
    /// set-up (on a slow machine that alone can outlast a short deadline, and the handler would never start).
    /// </summary>
    public async Task WarmUpAsync()
    {
        using var channel = CreateChannel();
        await channel.UnaryAsync(EchoMethods.Say, new EchoRequest { Message = "warm-up" });
        Service.ResetCalls();
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
