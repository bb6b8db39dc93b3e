using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Transactions.Console.BrowserTests.Infrastructure;

/// <summary>A real Kestrel on a free 127.0.0.1 port, started by a test.</summary>
public static class LoopbackWebApp
{
    /// <summary>Builds, maps and starts the app; returns it with its root address (ending in <c>/</c>).</summary>
    /// <param name="configureServices">Registers services.</param>
    /// <param name="map">Adds middleware and endpoints.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<(WebApplication App, Uri Address)> StartAsync(
        Action<IServiceCollection> configureServices, Action<WebApplication> map, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configureServices);
        ArgumentNullException.ThrowIfNull(map);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        configureServices(builder.Services);
        var app = builder.Build();
        map(app);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return (app, new Uri(address.TrimEnd('/') + "/"));
    }
}
