using System.Collections.Concurrent;
using System.Diagnostics;

namespace Transactions.Observability.Tests.Infrastructure;

/// <summary>Collects every finished span of the project's sources and of ASP.NET Core's request activities.</summary>
public sealed class SpanCollector : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _spans = new();

    public SpanCollector()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("Transactions.", StringComparison.Ordinal) || source.Name == "Microsoft.AspNetCore",
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public IReadOnlyList<Activity> Spans => [.. _spans];

    public IReadOnlyList<Activity> InTrace(ActivityTraceId traceId) => [.. _spans.Where(s => s.TraceId == traceId)];

    public void Dispose() => _listener.Dispose();
}
