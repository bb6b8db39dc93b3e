using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Transactions.Telemetry;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the OTLP export of a host's meters and activity sources.</summary>
public static class TelemetryServiceCollectionExtensions
{
    private const string HttpProtobuf = "http/protobuf";

    /// <summary>
    /// Exports <paramref name="sources"/>, ASP.NET Core and HttpClient telemetry (and gRPC client spans) over OTLP
    /// through OpenTelemetry.Extensions.Hosting when <c>OpenTelemetry:Otlp:Endpoint</c> (in
    /// <paramref name="configuration"/>) or <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. Decided here, from
    /// <paramref name="configuration"/> as it is now: without an endpoint (or with both <c>ExportTraces</c> and
    /// <c>ExportMetrics</c> off) only <see cref="OtlpExportOptions"/> is registered, no provider, listener or
    /// exporter. The options are validated when the host starts either way.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The root configuration.</param>
    /// <param name="sources">Service name, meters and activity sources to export.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddOtlpExport(this IServiceCollection services, IConfiguration configuration, TelemetrySources sources)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(sources);
        var section = configuration.GetSection(OtlpExportOptions.SectionName);
        services.AddOptions<OtlpExportOptions>()
            .Bind(section)
            .ValidateDataAnnotations()
            .Validate(
                options => EndpointValue(options) is null || ResolveEndpoint(options) is not null,
                $"{OtlpExportOptions.SectionName}:Endpoint (or {OtlpExportOptions.EndpointEnvironmentVariable}) is not an absolute http(s) URL.")
            .ValidateOnStart();

        var settings = section.Get<OtlpExportOptions>() ?? new OtlpExportOptions();
        if (ResolveEndpoint(settings) is not { } endpoint || !(settings.ExportTraces || settings.ExportMetrics))
        {
            // Export off (an endpoint that is set but invalid fails the validation above when the host starts).
            return services;
        }

        AddOpenTelemetryExport(services, settings, endpoint, sources);
        return services;
    }

    private static void AddOpenTelemetryExport(IServiceCollection services, OtlpExportOptions settings, Uri endpoint, TelemetrySources sources)
    {
        var http = settings.Protocol == HttpProtobuf;
        var serviceName = string.IsNullOrWhiteSpace(settings.ServiceName) ? sources.ServiceName : settings.ServiceName;
        var headers = settings.Headers;
        var openTelemetry = services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService(serviceName));
        if (settings.ExportTraces)
        {
            openTelemetry.WithTracing(tracing => tracing
                .AddSource([.. sources.ActivitySources])
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddGrpcClientInstrumentation()
                .AddOtlpExporter(exporter => ConfigureExporter(exporter, endpoint, http, "v1/traces", headers)));
        }

        if (settings.ExportMetrics)
        {
            var intervalMilliseconds = (int)settings.MetricExportInterval.TotalMilliseconds;
            openTelemetry.WithMetrics(metrics => metrics
                .AddMeter([.. sources.Meters])
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddOtlpExporter((exporter, reader) =>
                {
                    ConfigureExporter(exporter, endpoint, http, "v1/metrics", headers);
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = intervalMilliseconds;
                }));
        }

        var signals = (settings.ExportTraces, settings.ExportMetrics) switch
        {
            (true, true) => "traces and metrics",
            (true, false) => "traces",
            _ => "metrics",
        };
        services.AddHostedService(provider => new OtlpExportStartupLog(
            endpoint, settings.Protocol, signals, provider.GetRequiredService<ILogger<OtlpExportStartupLog>>()));
    }

    private static void ConfigureExporter(OtlpExporterOptions exporter, Uri endpoint, bool http, string signalPath, string? headers)
    {
        exporter.Protocol = http ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
        // Set in code, the endpoint is used as is: with http/protobuf it must name the signal's path.
        exporter.Endpoint = http ? new Uri(endpoint, endpoint.AbsolutePath.TrimEnd('/') + "/" + signalPath) : endpoint;
        if (!string.IsNullOrWhiteSpace(headers))
        {
            exporter.Headers = headers;
        }
    }

    /// <summary>The configured endpoint, else <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>; null when neither is set.</summary>
    private static string? EndpointValue(OtlpExportOptions options)
    {
        var value = string.IsNullOrWhiteSpace(options.Endpoint)
            ? Environment.GetEnvironmentVariable(OtlpExportOptions.EndpointEnvironmentVariable)
            : options.Endpoint;
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }

    /// <summary>The endpoint to export to; null when none is set or it is not an absolute http(s) URL.</summary>
    private static Uri? ResolveEndpoint(OtlpExportOptions options) =>
        EndpointValue(options) is { } value
        && Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : null;
}
