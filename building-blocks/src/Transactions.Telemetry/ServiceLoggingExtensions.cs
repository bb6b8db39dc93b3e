using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Serilog for the service hosts (Serilog.AspNetCore): configured from the <c>Serilog</c> section, one line per admin API request.</summary>
public static class ServiceLoggingExtensions
{
    /// <summary>The path under which <see cref="UseAdminRequestLogging"/> logs requests: the admin APIs of both services.</summary>
    public const string AdminPathPrefix = "/api/v1/admin";

    private static readonly PathString AdminPath = new(AdminPathPrefix);

    /// <summary>
    /// Makes Serilog the host's logging: a logger configured from the <c>Serilog</c> configuration section (levels,
    /// sinks; the sinks' assemblies must be referenced by the host) and from Serilog components registered as
    /// services, enriched from the log context. The default logging providers are removed; providers added after
    /// this call still receive every event Serilog lets through. The logger belongs to this host (the static
    /// <see cref="Log.Logger"/> is left alone, so several hosts can run in one process) and is flushed and disposed
    /// with the host's services.
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <returns>The same builder.</returns>
    public static WebApplicationBuilder AddServiceLogging(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Logging.ClearProviders();
        builder.Services.AddSerilog(
            (services, loggerConfiguration) => loggerConfiguration
                .ReadFrom.Configuration(services.GetRequiredService<IConfiguration>())
                .ReadFrom.Services(services)
                .Enrich.FromLogContext(),
            preserveStaticLogger: true,
            writeToProviders: true);
        return builder;
    }

    /// <summary>
    /// Logs one event per request under <see cref="AdminPathPrefix"/> (Serilog's request logging: method, path,
    /// status code and elapsed time; Information, or Error for a 5xx answer or an exception); other paths are not
    /// logged. Call right after <c>Build()</c>, before the admin endpoints run, and only after
    /// <see cref="AddServiceLogging"/>.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns>The same application.</returns>
    /// <exception cref="InvalidOperationException"><see cref="AddServiceLogging"/> was not called.</exception>
    public static WebApplication UseAdminRequestLogging(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var logger = app.Services.GetService<Serilog.ILogger>()
            ?? throw new InvalidOperationException($"{nameof(UseAdminRequestLogging)} needs {nameof(AddServiceLogging)} to be called on the builder first.");
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments(AdminPath),
            admin => admin.UseSerilogRequestLogging(options => options.Logger = logger));
        return app;
    }
}
