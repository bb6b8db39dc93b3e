using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Transactions.Protocol.Tracing;

namespace Transactions.Participants.Diagnostics;

/// <summary>
/// Tracing of the participants SDK: the <see cref="ActivitySource"/> named <see cref="ActivitySourceName"/> starts
/// a span per <c>[GlobalTransactional]</c> method (the TM's global transaction, <c>GlobalTransaction {name}</c>),
/// per TCC Try (<c>Try {action}</c>), per Confirm/Cancel received from the coordinator (<c>Confirm {action}</c>,
/// <c>Cancel {action}</c>) and per incoming request that joins a transaction through the <c>tx-xid</c> header, all
/// tagged with <see cref="XidTag"/>. The W3C <c>traceparent</c> travels with the xid (HTTP handler, gRPC client
/// propagation, coordinator calls).
/// </summary>
public static class ParticipantsDiagnostics
{
    /// <summary>The activity source name: <c>Transactions.Participants</c>.</summary>
    public const string ActivitySourceName = "Transactions.Participants";

    /// <summary>Span tag: the global transaction id.</summary>
    public const string XidTag = "tx.xid";

    /// <summary>Span tag: the branch id.</summary>
    public const string BranchIdTag = "tx.branch_id";

    /// <summary>Span tag: the TCC action name.</summary>
    public const string ActionTag = "tx.action";

    /// <summary>The SDK's activity source.</summary>
    public static ActivitySource ActivitySource { get; } = new(ActivitySourceName);

    internal static Activity? StartGlobalTransaction(string name) =>
        ActivitySource.StartActivity($"GlobalTransaction {name}", ActivityKind.Internal);

    internal static Activity? StartTry(string action, long xid)
    {
        var activity = ActivitySource.StartActivity($"Try {action}", ActivityKind.Internal);
        activity?.SetTag(XidTag, xid);
        activity?.SetTag(ActionTag, action);
        return activity;
    }

    internal static Activity? StartServerSpan(string name, HttpContext httpContext, long xid, long? branchId = null, string? action = null)
    {
        var activity = TraceContext.StartServerActivity(ActivitySource, name, httpContext);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(XidTag, xid);
            if (branchId is { } id)
            {
                activity.SetTag(BranchIdTag, id);
            }

            if (action is not null)
            {
                activity.SetTag(ActionTag, action);
            }
        }

        return activity;
    }

    internal static void TagCurrent(long xid)
    {
        if (Activity.Current is { IsAllDataRequested: true } activity)
        {
            activity.SetTag(XidTag, xid);
        }
    }

    internal static void Fail(Activity? activity, Exception exception)
    {
        activity?.SetStatus(ActivityStatusCode.Error, $"{exception.GetType().Name}: {exception.Message}");
    }
}
