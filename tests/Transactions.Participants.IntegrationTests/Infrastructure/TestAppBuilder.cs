using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Transactions.Participants.IntegrationTests.Infrastructure;

/// <summary>The host every test app starts from: HTTP/1.1 and HTTP/2 (h2c) loopback ports, logs into the <see cref="TestLog"/>.</summary>
public static class TestAppBuilder
{
    public static WebApplicationBuilder Create(TestLog log, int httpPort, int grpcPort)
    {
        var builder = WebApplication.CreateSlimBuilder();

        // The coordinator's appsettings.json reaches this output folder (through Transactions.Testing's project
        // reference) and would make Kestrel bind its ports too: this app takes no file or environment settings.
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders().AddProvider(log).SetMinimumLevel(LogLevel.Debug);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, httpPort, listen => listen.Protocols = HttpProtocols.Http1);
            kestrel.Listen(IPAddress.Loopback, grpcPort, listen => listen.Protocols = HttpProtocols.Http2);
        });
        return builder;
    }
}
