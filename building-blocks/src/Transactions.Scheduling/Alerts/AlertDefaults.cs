namespace Transactions.Scheduling.Alerts;

/// <summary>Defaults of <see cref="AlertOptions"/>.</summary>
public static class AlertDefaults
{
    /// <summary>The configuration section, under <c>Jobs</c>: <c>Jobs:Alerts</c>.</summary>
    public const string SectionName = "Alerts";

    /// <summary>The sweep runs every minute: <c>* * * * *</c>.</summary>
    public const string SweepCron = "* * * * *";

    /// <summary>History rows are read past once they are 30 s old.</summary>
    public static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(30);

    /// <summary>The first sweep looks back 1 hour.</summary>
    public static readonly TimeSpan InitialLookback = TimeSpan.FromHours(1);

    /// <summary>At most 200 events per sweep.</summary>
    public const int MaxEventsPerSweep = 200;

    /// <summary>A failed webhook call is tried again after 1 min, 5 min, 10 min, 30 min and 1 h (the seeds' schedule).</summary>
    public static readonly IReadOnlyList<TimeSpan> RetryDelays =
        [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30), TimeSpan.FromHours(1)];

    /// <summary>One webhook call may take 10 s.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>The shortest secret accepted: 16 characters.</summary>
    public const int MinSecretLength = 16;

    /// <summary>The named <c>HttpClient</c> the webhook calls use.</summary>
    public const string HttpClientName = "Transactions.Alerts";
}
