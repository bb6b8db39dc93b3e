namespace Transactions.ReliableMessage.Service.Notifications;

/// <summary>Defaults of <see cref="NotificationOptions"/>.</summary>
public static class NotificationDefaults
{
    /// <summary>
    /// The seeds' best-effort notification schedule: after a failed POST the next one comes 1 minute later, then 5
    /// minutes, 10 minutes, 30 minutes and 1 hour later; when that sixth POST fails too the notification is Failed.
    /// </summary>
    public static IReadOnlyList<TimeSpan> RetrySchedule { get; } =
    [
        TimeSpan.FromMinutes(1),
        TimeSpan.FromMinutes(5),
        TimeSpan.FromMinutes(10),
        TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(1),
    ];

    /// <summary>Timeout of one POST: 10 seconds.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Dispatcher poll interval: 1 second.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>Lease of claimed notifications: 1 minute.</summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(1);

    /// <summary>Largest body: 64 KiB.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>Notifications claimed per poll: 100.</summary>
    public const int ClaimBatchSize = 100;

    /// <summary>POSTs in flight at once per instance: 16.</summary>
    public const int Parallelism = 16;

    /// <summary>The Content-Type when Notify names none.</summary>
    public const string ContentType = "application/json";
}
