using System.Diagnostics;

namespace Transactions.Coordinator.Diagnostics;

/// <summary>
/// Names of the coordinator's telemetry and its <see cref="ActivitySource"/>. Metrics are created per host by
/// <see cref="CoordinatorMetrics"/> (through <c>IMeterFactory</c>) on a meter named <see cref="MeterName"/>.
/// Served TM/RM calls get ASP.NET Core's request span (Grpc.AspNetCore tags it with <c>grpc.method</c>) that the
/// engine tags with <see cref="XidTag"/>; each participant call (Confirm, Cancel, Execute, Compensate) gets a client span from
/// <see cref="ActivitySource"/>.
/// </summary>
public static class CoordinatorDiagnostics
{
    /// <summary>The meter and activity source name: <c>Transactions.Coordinator</c>.</summary>
    public const string Name = "Transactions.Coordinator";

    /// <summary>The meter name (same as <see cref="Name"/>).</summary>
    public const string MeterName = Name;

    /// <summary>The activity source name (same as <see cref="Name"/>).</summary>
    public const string ActivitySourceName = Name;

    /// <summary>Span tag: the global transaction id.</summary>
    public const string XidTag = "tx.xid";

    /// <summary>Span tag: the branch (or saga step) id.</summary>
    public const string BranchIdTag = "tx.branch_id";

    /// <summary>Counter of transactions that reached a final status (tag <c>status</c>).</summary>
    public const string TransactionsFinished = "tx.transactions.finished";

    /// <summary>Counter of participant calls (tags <c>action</c> = confirm|cancel|execute|compensate, <c>outcome</c>).</summary>
    public const string BranchCalls = "tx.branch.calls";

    /// <summary>Histogram of phase-2 round durations in milliseconds (tags <c>status</c>, <c>outcome</c>).</summary>
    public const string Phase2Duration = "tx.phase2.duration";

    /// <summary>Counter of phase-2 rounds that left work unfinished and were rescheduled (tag <c>status</c>).</summary>
    public const string Phase2Retries = "tx.phase2.retries";

    /// <summary>Gauge of unfinished transactions (tag <c>status</c>), from the periodic snapshot.</summary>
    public const string TransactionsUnfinished = "tx.transactions.unfinished";

    /// <summary>Gauge of the age in seconds of the oldest unfinished transaction (0 when none).</summary>
    public const string OldestUnfinishedAge = "tx.transactions.oldest_unfinished_age";

    /// <summary>The coordinator's activity source.</summary>
    public static ActivitySource ActivitySource { get; } = new(ActivitySourceName);

    /// <summary>Tags the span serving the current call (if any) with the transaction and branch ids.</summary>
    /// <param name="xid">The global transaction id.</param>
    /// <param name="branchId">The branch id, when the call is about one.</param>
    public static void TagCurrent(long xid, long? branchId = null)
    {
        if (Activity.Current is not { IsAllDataRequested: true } activity)
        {
            return;
        }

        activity.SetTag(XidTag, xid);
        if (branchId is { } id)
        {
            activity.SetTag(BranchIdTag, id);
        }
    }

    /// <summary>Starts the client span of one participant call; null when nobody listens.</summary>
    /// <param name="action">Confirm, Cancel, Execute or Compensate.</param>
    /// <param name="xid">The global transaction id.</param>
    /// <param name="branchId">The branch or step id.</param>
    /// <param name="resourceId">The participant's resource id.</param>
    /// <param name="endpoint">The participant endpoint called.</param>
    /// <returns>The activity, or null.</returns>
    public static Activity? StartParticipantCall(string action, long xid, long branchId, string resourceId, string endpoint)
    {
        var activity = ActivitySource.StartActivity(action, ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(XidTag, xid);
            activity.SetTag(BranchIdTag, branchId);
            activity.SetTag("tx.resource_id", resourceId);
            activity.SetTag("server.address", endpoint);
        }

        return activity;
    }
}
