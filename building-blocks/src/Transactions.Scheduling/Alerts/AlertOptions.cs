namespace Transactions.Scheduling.Alerts;

/// <summary>
/// Operator alerts (section <c>Jobs:Alerts</c>): a recurring sweep finds what was flagged since its last run
/// (transactions needing attention, parked messages, dead letters) and sends each to the webhooks that asked for its
/// event, as a JSON body signed with HMAC-SHA256 (see the README, "Operator alerts"). No webhook configured: no sweep.
/// </summary>
public sealed class AlertOptions
{
    /// <summary>When the sweep runs: a cron expression in UTC. Default: <c>* * * * *</c> (every minute).</summary>
    public string SweepCron { get; set; } = AlertDefaults.SweepCron;

    /// <summary>
    /// How old history rows must be before the sweep reads past them, so that a row written by a database transaction
    /// that commits late (with a lower id than rows already visible) is not skipped: the sweep's cursor never passes a
    /// row younger than this. Default: 30 s.
    /// </summary>
    public TimeSpan SettleTime { get; set; } = AlertDefaults.SettleTime;

    /// <summary>On the very first sweep (no cursor yet), how far back events are sent. Default: 1 hour.</summary>
    public TimeSpan InitialLookback { get; set; } = AlertDefaults.InitialLookback;

    /// <summary>Most events one sweep reads; the rest waits for the next sweep. Default: 200.</summary>
    public int MaxEventsPerSweep { get; set; } = AlertDefaults.MaxEventsPerSweep;

    /// <summary>
    /// Waits before each new attempt of a webhook call that failed (not 2xx, timeout, connection error); after the last
    /// the alert is given up with an error in the log. Default (unset or empty): 1 min, 5 min, 10 min, 30 min, 1 h.
    /// </summary>
    /// <remarks>Null by default because configuration binding adds to a list that already has items.</remarks>
    public IList<TimeSpan>? RetryDelays { get; set; }

    /// <summary>The waits in effect: <see cref="RetryDelays"/>, or the default schedule when it is unset or empty.</summary>
    internal IReadOnlyList<TimeSpan> RetrySchedule => RetryDelays is { Count: > 0 } delays ? [.. delays] : AlertDefaults.RetryDelays;

    /// <summary>How long one webhook call may take. Default: 10 s.</summary>
    public TimeSpan Timeout { get; set; } = AlertDefaults.Timeout;

    /// <summary>
    /// The web console's address as operators reach it (e.g. <c>https://tx.example.com/console/</c>); alerts then carry
    /// a link to the transaction or message. Default: none (no link).
    /// </summary>
    public Uri? ConsoleBaseUrl { get; set; }

    /// <summary>The webhooks. Default: none.</summary>
    public IList<AlertWebhookOptions> Webhooks { get; set; } = [];
}
