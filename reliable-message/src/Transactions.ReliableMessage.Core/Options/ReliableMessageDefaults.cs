namespace Transactions.ReliableMessage.Options;

/// <summary>Defaults of <see cref="ReliableMessageOptions"/>.</summary>
public static class ReliableMessageDefaults
{
    /// <summary>
    /// The redelivery schedule, close to the seeds' best-effort notification: a group that has not acknowledged
    /// 1 minute after the first delivery gets it again, then after 5 minutes, 10 minutes, 30 minutes; one hour
    /// after the fifth delivery an unacknowledged delivery becomes a dead letter.
    /// </summary>
    public static IReadOnlyList<TimeSpan> RedeliverySchedule { get; } =
    [
        TimeSpan.FromMinutes(1),
        TimeSpan.FromMinutes(5),
        TimeSpan.FromMinutes(10),
        TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(1),
    ];

    /// <summary>Lease length: 30 seconds.</summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(30);

    /// <summary>Recovery poll interval: 500 ms.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Back-check delay: 30 seconds.</summary>
    public static readonly TimeSpan CheckDelay = TimeSpan.FromSeconds(30);

    /// <summary>Back-check call timeout: 5 seconds.</summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    /// <summary>First back-check retry delay: 5 seconds.</summary>
    public static readonly TimeSpan CheckRetryInitialBackoff = TimeSpan.FromSeconds(5);

    /// <summary>Cap of the back-check retry delay: 5 minutes.</summary>
    public static readonly TimeSpan CheckRetryMaxBackoff = TimeSpan.FromMinutes(5);

    /// <summary>First publish retry delay: 1 second.</summary>
    public static readonly TimeSpan PublishRetryInitialBackoff = TimeSpan.FromSeconds(1);

    /// <summary>Cap of the publish retry delay: 30 seconds.</summary>
    public static readonly TimeSpan PublishRetryMaxBackoff = TimeSpan.FromSeconds(30);

    /// <summary>Push call timeout: 10 seconds.</summary>
    public static readonly TimeSpan PushTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Subscription cache refresh: 5 seconds.</summary>
    public static readonly TimeSpan SubscriptionRefreshInterval = TimeSpan.FromSeconds(5);
}
