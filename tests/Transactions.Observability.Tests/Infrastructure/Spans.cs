using System.Diagnostics;
using System.Globalization;

namespace Transactions.Observability.Tests.Infrastructure;

/// <summary>Assertions over collected spans.</summary>
public static class Spans
{
    public static long? Xid(this Activity span) => Tag(span, "tx.xid");

    public static long? BranchId(this Activity span) => Tag(span, "tx.branch_id");

    /// <summary>
    /// The gRPC method of a served call (<c>/package.Service/Method</c>): the <c>grpc.method</c> tag Grpc.AspNetCore puts
    /// on ASP.NET Core's request span; null for any other span (Grpc.Net.Client's client spans carry the tag too).
    /// </summary>
    public static string? GrpcMethod(this Activity span) =>
        span.Kind == ActivityKind.Server && span.Source.Name == "Microsoft.AspNetCore" ? span.GetTagItem("grpc.method") as string : null;

    /// <summary>True when <paramref name="ancestor"/> is reached by following parent ids through <paramref name="all"/>.</summary>
    public static bool IsDescendantOf(this Activity span, Activity ancestor, IReadOnlyList<Activity> all)
    {
        var byId = all.GroupBy(s => s.SpanId).ToDictionary(g => g.Key, g => g.First());
        var current = span;
        for (var depth = 0; depth < 32; depth++)
        {
            if (current.ParentSpanId == ancestor.SpanId)
            {
                return true;
            }

            if (!byId.TryGetValue(current.ParentSpanId, out var parent))
            {
                return false;
            }

            current = parent;
        }

        return false;
    }

    public static string Describe(IEnumerable<Activity> spans) => string.Join(
        Environment.NewLine,
        spans.Select(s => $"{s.Source.Name} {s.Kind} '{s.DisplayName}' span={s.SpanId} parent={s.ParentSpanId} xid={s.Xid()} branch={s.BranchId()}"));

    private static long? Tag(Activity span, string name) => span.GetTagItem(name) switch
    {
        null => null,
        long l => l,
        var other => long.Parse(Convert.ToString(other, CultureInfo.InvariantCulture)!, CultureInfo.InvariantCulture),
    };
}
