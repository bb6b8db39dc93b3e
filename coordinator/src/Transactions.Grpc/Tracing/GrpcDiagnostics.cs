using System.Diagnostics;

namespace Transactions.Grpc.Tracing;

/// <summary>
/// Tracing of the gRPC binding: a span per served call (named by the method, e.g.
/// <c>transactions.v1.TransactionManager/Begin</c>) from <see cref="ActivitySourceName"/>, parented on the caller's
/// W3C <c>traceparent</c>; clients inject the current span's context into every call's headers.
/// </summary>
public static class GrpcDiagnostics
{
    /// <summary>The name of the binding's <see cref="ActivitySource"/>: <c>Transactions.Grpc</c>.</summary>
    public const string ActivitySourceName = "Transactions.Grpc";

    /// <summary>The binding's activity source.</summary>
    public static ActivitySource ActivitySource { get; } = new(ActivitySourceName);

    internal static Activity? StartServerCall(string fullMethodName, Microsoft.AspNetCore.Http.HttpContext httpContext)
    {
        var name = fullMethodName.TrimStart('/');
        var activity = TraceContext.StartServerActivity(ActivitySource, name, httpContext);
        if (activity is { IsAllDataRequested: true })
        {
            var slash = name.IndexOf('/', StringComparison.Ordinal);
            activity.SetTag("rpc.system", "grpc");
            activity.SetTag("rpc.service", slash < 0 ? name : name[..slash]);
            activity.SetTag("rpc.method", slash < 0 ? name : name[(slash + 1)..]);
        }

        return activity;
    }
}
