using System.ComponentModel.DataAnnotations;

namespace Transactions.Telemetry;

/// <summary>
/// OTLP export settings, bound from <c>OpenTelemetry:Otlp</c>. Export is off unless <see cref="Endpoint"/> (or the
/// standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> environment variable) is set. Read once, when the host registers its
/// services (<c>AddOtlpExport</c>): changing them later (e.g. on configuration reload) needs a restart.
/// </summary>
public sealed class OtlpExportOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "OpenTelemetry:Otlp";

    /// <summary>The standard environment variable read when <see cref="Endpoint"/> is not configured.</summary>
    public const string EndpointEnvironmentVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Base address of the collector, e.g. <c>http://127.0.0.1:4318</c> (http/protobuf) or <c>http://127.0.0.1:4317</c>
    /// (grpc). With http/protobuf, <c>/v1/metrics</c> and <c>/v1/traces</c> are appended. Default: none (export off).
    /// </summary>
    public string? Endpoint { get; set; }

    /// <summary><c>grpc</c> or <c>http/protobuf</c>. Default: <c>http/protobuf</c>.</summary>
    [RegularExpression("^(grpc|http/protobuf)$")]
    public string Protocol { get; set; } = "http/protobuf";

    /// <summary>Extra headers for the collector, <c>key=value</c> pairs separated by commas (e.g. an API key). Default: none.</summary>
    public string? Headers { get; set; }

    /// <summary>The <c>service.name</c> resource attribute. Default: the name the host passes (e.g. <c>transactions-coordinator</c>).</summary>
    public string? ServiceName { get; set; }

    /// <summary>How often metrics are pushed. Default: 60 seconds (the OpenTelemetry default).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan MetricExportInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Export traces (spans of the host's activity sources, ASP.NET Core, HttpClient and gRPC client calls). Default: true.</summary>
    public bool ExportTraces { get; set; } = true;

    /// <summary>Export metrics (instruments of the host's meters, ASP.NET Core and HttpClient). Default: true.</summary>
    public bool ExportMetrics { get; set; } = true;
}
