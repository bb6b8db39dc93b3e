using System.Collections.Concurrent;
using System.Diagnostics;

namespace Transactions.Observability.Tests.Infrastructure;

/// <summary>
/// Collects every finished span of the project's sources, of ASP.NET Core's request activities and of Grpc.Net.Client's
/// call activities: what an OpenTelemetry set-up with the ASP.NET Core and gRPC client instrumentation exports
/// (Transactions.Telemetry's AddOtlpExport).
/// </summary>
public sealed class SpanCollector : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _spans = new();

    public SpanCollector()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("Transactions.", StringComparison.Ordinal) || source.Name is "Microsoft.AspNetCore" or "Grpc.Net.Client",
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public IReadOnlyList<Activity> Spans => [.. _spans];

    public IReadOnlyList<Activity> InTrace(ActivityTraceId traceId) => [.. _spans.Where(s => s.TraceId == traceId)];

    public void Dispose() => _listener.Dispose();
}
