namespace Transactions.ReliableMessage.Producer.Barrier;

/// <summary>
/// The reliable-message service's back-check settings, as the service is configured (its <c>ReliableMessage</c>
/// section: same names, same defaults). The producer cannot read the service's configuration, so the barrier
/// cleaner is told here: <see cref="Window"/> is how long after a Prepare the service may still check back
/// automatically, and the cleaner refuses a retention shorter than that plus a margin.
/// </summary>
public sealed class ServiceBackCheckSettings
{
    /// <summary>The service's <c>CheckDelay</c>: how long a message stays prepared before the first back-check. Default 30 seconds.</summary>
    public TimeSpan CheckDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The service's <c>CheckTimeout</c>: timeout of one back-check call. Default 5 seconds.</summary>
    public TimeSpan CheckTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The service's <c>MaxCheckAttempts</c>: back-checks before the message is parked. Default 10; between 1 and 1,000.</summary>
    public int MaxCheckAttempts { get; set; } = 10;

    /// <summary>The service's <c>CheckRetryInitialBackoff</c>: delay after the first failed back-check, doubling. Default 5 seconds.</summary>
    public TimeSpan CheckRetryInitialBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The service's <c>CheckRetryMaxBackoff</c>: cap of that delay. Default 5 minutes.</summary>
    public TimeSpan CheckRetryMaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The service's <c>LeaseDuration</c>: how long a crashed instance's claim on a check delays it. Default 30 seconds.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The service's <c>PollInterval</c>: how late recovery may notice a due check. Default 500 ms.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The longest time after a Prepare at which the running service may still call the back-check on its own:
    /// <c>CheckDelay + sum(backoff(k), k = 1 .. MaxCheckAttempts - 1) + MaxCheckAttempts * (CheckTimeout +
    /// LeaseDuration + PollInterval)</c>, where backoff(k) = min(CheckRetryInitialBackoff * 2^(k-1),
    /// CheckRetryMaxBackoff) as the service computes it. With the defaults: 26 min 40 s. After the last attempt the
    /// message is parked and only an administrator's re-check calls the producer again. It assumes the service runs:
    /// while the service is down, due checks wait.
    /// </summary>
    /// <returns>The window.</returns>
    public TimeSpan Window()
    {
        var total = CheckDelay;
        for (var failures = 1; failures < MaxCheckAttempts; failures++)
        {
            var backoff = CheckRetryInitialBackoff.Ticks * Math.Pow(2, Math.Clamp(failures - 1, 0, 30));
            total += backoff >= CheckRetryMaxBackoff.Ticks ? CheckRetryMaxBackoff : TimeSpan.FromTicks((long)backoff);
        }

        return total + ((CheckTimeout + LeaseDuration + PollInterval) * MaxCheckAttempts);
    }

    /// <summary>Adds a failure per setting out of range.</summary>
    /// <param name="failures">Where failures go.</param>
    /// <param name="prefix">The settings' path for the messages.</param>
    public void Validate(ICollection<string> failures, string prefix)
    {
        ArgumentNullException.ThrowIfNull(failures);
        if (CheckDelay <= TimeSpan.Zero || CheckTimeout <= TimeSpan.Zero || LeaseDuration <= TimeSpan.Zero || PollInterval <= TimeSpan.Zero)
        {
            failures.Add($"{prefix}.CheckDelay, CheckTimeout, LeaseDuration and PollInterval must be positive.");
        }

        if (MaxCheckAttempts is < 1 or > 1_000)
        {
            failures.Add($"{prefix}.MaxCheckAttempts must be between 1 and 1000 (was {MaxCheckAttempts}).");
        }

        if (CheckRetryInitialBackoff <= TimeSpan.Zero || CheckRetryMaxBackoff < CheckRetryInitialBackoff)
        {
            failures.Add($"{prefix}.CheckRetryInitialBackoff must be positive and at most CheckRetryMaxBackoff.");
        }
    }
}
