namespace Transactions.ReliableMessage.Consumer.Inbox;

/// <summary>
/// The reliable-message service's redelivery settings, as the service is configured (its <c>ReliableMessage</c>
/// section: same names, same defaults). The consumer cannot read the service's configuration, so the inbox cleaner
/// is told here: <see cref="Window"/> is how long after the first delivery the service may still deliver a message
/// again on its own, and the cleaner refuses a retention shorter than that plus the transport's lag and a margin.
/// </summary>
public sealed class ServiceRedeliverySettings
{
    /// <summary>The service's default schedule: 1 min, 5 min, 10 min, 30 min, 1 h.</summary>
    public static IReadOnlyList<TimeSpan> DefaultRedeliverySchedule { get; } =
    [
        TimeSpan.FromMinutes(1),
        TimeSpan.FromMinutes(5),
        TimeSpan.FromMinutes(10),
        TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(1),
    ];

    /// <summary>
    /// The service's <c>RedeliverySchedule</c>: entry k is the ack timeout after delivery k; after the last one the
    /// delivery is a dead letter. Default (null): <see cref="DefaultRedeliverySchedule"/>. In configuration: an array of TimeSpans.
    /// </summary>
    public TimeSpan[]? RedeliverySchedule { get; set; }

    /// <summary>The service's <c>LeaseDuration</c>: how long a crashed instance's claim on a redelivery delays it. Default 30 seconds.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The service's <c>PollInterval</c>: how late recovery may notice a due redelivery. Default 500 ms.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The schedule in effect: <see cref="RedeliverySchedule"/> or the default.</summary>
    public IReadOnlyList<TimeSpan> EffectiveRedeliverySchedule =>
        RedeliverySchedule is { Length: > 0 } schedule ? schedule : DefaultRedeliverySchedule;

    /// <summary>
    /// The longest time after the first delivery at which the running service may still send the message again on its
    /// own: <c>sum(RedeliverySchedule) + entries * (LeaseDuration + PollInterval)</c>; with the defaults 1 h 48 min
    /// 32.5 s. After that the delivery is acknowledged or a dead letter, and only an administrator's requeue sends it
    /// again. It assumes the service runs: while the service (or its transport) is down, due redeliveries wait.
    /// </summary>
    /// <returns>The window.</returns>
    public TimeSpan Window()
    {
        var schedule = EffectiveRedeliverySchedule;
        var total = TimeSpan.Zero;
        foreach (var timeout in schedule)
        {
            total += timeout;
        }

        return total + ((LeaseDuration + PollInterval) * schedule.Count);
    }

    /// <summary>Adds a failure per setting out of range.</summary>
    /// <param name="failures">Where failures go.</param>
    /// <param name="prefix">The settings' path for the messages.</param>
    public void Validate(ICollection<string> failures, string prefix)
    {
        ArgumentNullException.ThrowIfNull(failures);
        if (LeaseDuration <= TimeSpan.Zero || PollInterval <= TimeSpan.Zero)
        {
            failures.Add($"{prefix}.LeaseDuration and PollInterval must be positive.");
        }

        if (RedeliverySchedule is { } schedule && (schedule.Length > 100 || schedule.Any(d => d <= TimeSpan.Zero || d > TimeSpan.FromDays(365))))
        {
            failures.Add($"{prefix}.RedeliverySchedule must have at most 100 entries, each positive and at most 365 days.");
        }
    }
}
