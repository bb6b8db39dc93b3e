using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;

namespace Samples.Hosting.Logging;

/// <summary>Serilog for the sample services.</summary>
public static class SampleLoggingExtensions
{
    /// <summary>The console line: time, level, service, xid (empty outside a global transaction), source, message.</summary>
    public const string OutputTemplate = "[{Timestamp:HH:mm:ss.fff} {Level:u3}] {Application} xid={Xid} {SourceContext}: {Message:lj}{NewLine}{Exception}";

    /// <summary>
    /// Replaces the logging providers with Serilog on the console (Information, Microsoft at Warning); the
    /// <c>Serilog</c> configuration section can change levels and sinks.
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="application">The service's name, on every line.</param>
    /// <returns>The builder.</returns>
    public static IHostApplicationBuilder AddSampleLogging(this IHostApplicationBuilder builder, string application)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var logger = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .Enrich.FromLogContext()
            .Enrich.WithProperty("Application", application)
            .WriteTo.Console(outputTemplate: OutputTemplate, formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .ReadFrom.Configuration(builder.Configuration)
            .CreateLogger();
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(logger, dispose: true);
        return builder;
    }
}
