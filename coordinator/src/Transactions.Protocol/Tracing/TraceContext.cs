using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;

namespace Transactions.Protocol.Tracing;

/// <summary>
/// W3C trace-context (<c>traceparent</c>/<c>tracestate</c>) propagation over HTTP headers and gRPC metadata,
/// through <see cref="DistributedContextPropagator.Current"/>. One place for the coordinator's
/// HTTP/JSON participant transport and the participants SDK.
/// </summary>
public static class TraceContext
{
    /// <summary>The W3C header carrying the parent span.</summary>
    public const string TraceParentHeader = "traceparent";

    /// <summary>
    /// Writes the trace context of <see cref="Activity.Current"/> into <paramref name="headers"/>, unless there is
    /// no current activity or the headers already carry a <c>traceparent</c> (set by the caller or by HttpClient).
    /// </summary>
    /// <param name="headers">The outgoing request headers.</param>
    public static void Inject(HttpRequestHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (Activity.Current is not { } activity || headers.NonValidated.Contains(TraceParentHeader))
        {
            return;
        }

        DistributedContextPropagator.Current.Inject(activity, headers, static (carrier, key, value) =>
        {
            if (carrier is HttpRequestHeaders h && value is not null)
            {
                h.TryAddWithoutValidation(key, value);
            }
        });
    }

    /// <summary>
    /// Starts the span that serves an incoming request. When an observed activity already covers the request
    /// (ASP.NET Core's, when its source has listeners), the new span is its child (kind
    /// <see cref="ActivityKind.Internal"/>); otherwise it is a <see cref="ActivityKind.Server"/> span whose parent is
    /// the W3C context of the request headers (a new trace when there is none). Null when nobody listens to
    /// <paramref name="source"/>.
    /// </summary>
    /// <param name="source">The component's activity source.</param>
    /// <param name="name">The span name.</param>
    /// <param name="httpContext">The incoming request.</param>
    /// <returns>The started activity (dispose it to end the span), or null.</returns>
    public static Activity? StartServerActivity(ActivitySource source, string name, HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(httpContext);
        if (!source.HasListeners())
        {
            return null;
        }

        if (Activity.Current is { } current)
        {
            if (current.Source.HasListeners())
            {
                return source.StartActivity(name, ActivityKind.Internal);
            }

            // An activity nobody records (ASP.NET Core starts one for its log scopes): parenting on it would leave a
            // dangling parent id in exported traces, so the remote caller becomes the parent instead.
            Activity.Current = null;
        }

        return source.StartActivity(name, ActivityKind.Server, Extract(httpContext.Request.Headers));
    }

    /// <summary>The W3C parent context in <paramref name="headers"/>; default when absent or invalid.</summary>
    /// <param name="headers">The incoming request headers.</param>
    /// <returns>The remote parent context, or default.</returns>
    public static ActivityContext Extract(IHeaderDictionary headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        DistributedContextPropagator.Current.ExtractTraceIdAndState(headers, static (object? carrier, string field, out string? value, out IEnumerable<string>? values) =>
        {
            values = null;
            value = carrier is IHeaderDictionary h && h.TryGetValue(field, out var v) && v.Count > 0 ? v.ToString() : null;
        }, out var traceParent, out var traceState);
        return ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var context) ? context : default;
    }
}
