using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Transactions.Telemetry;

/// <summary>
/// Builds the OpenTelemetry <see cref="MeterProvider"/> and <see cref="TracerProvider"/> with OTLP exporters when
/// the host starts, if an endpoint is configured; flushes and disposes them when it stops.
/// </summary>
public sealed partial class OtlpExportService(
    IOptions<OtlpExportOptions> options,
    TelemetrySources sources,
    ILogger<OtlpExportService> logger) : IHostedService, IDisposable
{
    private MeterProvider? _meterProvider;
    private TracerProvider? _tracerProvider;

    /// <summary>True once the providers are built (an endpoint is configured and the host started).</summary>
    public bool IsExporting => _meterProvider is not null || _tracerProvider is not null;

    /// <summary>The effective endpoint: the configured one, else <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>; null when neither.</summary>
    /// <returns>The endpoint or null.</returns>
    public Uri? ResolveEndpoint()
    {
        var configured = options.Value.Endpoint;
        if (string.IsNullOrWhiteSpace(configured))
        {
            configured = Environment.GetEnvironmentVariable(OtlpExportOptions.EndpointEnvironmentVariable);
        }

        if (string.IsNullOrWhiteSpace(configured))
        {
            return null;
        }

        return Uri.TryCreate(configured, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new OptionsValidationException(OtlpExportOptions.SectionName, typeof(OtlpExportOptions), [$"{OtlpExportOptions.SectionName}:Endpoint '{configured}' is not an absolute http(s) URL."]);
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (ResolveEndpoint() is not { } endpoint)
        {
            return Task.CompletedTask;
        }

        var settings = options.Value;
        var http = settings.Protocol == "http/protobuf";
        var resource = ResourceBuilder.CreateDefault().AddService(settings.ServiceName ?? sources.ServiceName);
        if (settings.ExportMetrics && sources.Meters.Count > 0)
        {
            _meterProvider = Sdk.CreateMeterProviderBuilder()
                .SetResourceBuilder(resource)
                .AddMeter([.. sources.Meters])
                .AddOtlpExporter((exporter, reader) =>
                {
                    Configure(exporter, endpoint, http, "v1/metrics", settings.Headers);
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)settings.MetricExportInterval.TotalMilliseconds;
                })
                .Build();
        }

        if (settings.ExportTraces && sources.ActivitySources.Count > 0)
        {
            _tracerProvider = Sdk.CreateTracerProviderBuilder()
                .SetResourceBuilder(resource)
                .AddSource([.. sources.ActivitySources])
                .AddOtlpExporter(exporter => Configure(exporter, endpoint, http, "v1/traces", settings.Headers))
                .Build();
        }

        LogExporting(logger, endpoint, settings.Protocol);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        // Dispose flushes what is buffered (bounded by the exporters' own timeouts).
        Dispose();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Interlocked.Exchange(ref _tracerProvider, null)?.Dispose();
        Interlocked.Exchange(ref _meterProvider, null)?.Dispose();
    }

    private static void Configure(OtlpExporterOptions exporter, Uri endpoint, bool http, string signalPath, string? headers)
    {
        exporter.Protocol = http ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
        // Set in code, the endpoint is used as is: with http/protobuf it must name the signal's path.
        exporter.Endpoint = http ? new Uri(endpoint, endpoint.AbsolutePath.TrimEnd('/') + "/" + signalPath) : endpoint;
        if (!string.IsNullOrWhiteSpace(headers))
        {
            exporter.Headers = headers;
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Exporting metrics and traces over OTLP to {Endpoint} ({Protocol})")]
    private static partial void LogExporting(ILogger logger, Uri endpoint, string protocol);
}
