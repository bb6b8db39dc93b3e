using System.ComponentModel.DataAnnotations;

namespace Transactions.ReliableMessage.Service.Notifications;

/// <summary>
/// Best-effort notifications (<c>Notify</c>), configuration section <c>Notifications</c>, validated at start. Every
/// instance runs the dispatcher; instances sharing a database share the work through leases.
/// </summary>
public sealed class NotificationOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Notifications";

    /// <summary>When false, Notify is refused (FailedPrecondition / 409) and this instance sends nothing. Default: true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The delays between POSTs after a failure (a non-2xx answer, a timeout, a connection error): entry k is the wait
    /// after failed POST k; when POST count + 1 fails the notification is Failed. Default (null): 1 min, 5 min, 10 min,
    /// 30 min, 1 h (6 POSTs in all). In configuration: an array of TimeSpans, at most 100 entries.
    /// </summary>
    public TimeSpan[]? RetrySchedule { get; set; }

    /// <summary>Timeout of one POST (a timeout is a failed attempt). Default: 10 seconds.</summary>
    public TimeSpan Timeout { get; set; } = NotificationDefaults.Timeout;

    /// <summary>How often the dispatcher looks for due notifications. Default: 1 second.</summary>
    public TimeSpan PollInterval { get; set; } = NotificationDefaults.PollInterval;

    /// <summary>How long an instance owns the notifications it claimed; must exceed <see cref="Timeout"/>. Default: 1 minute.</summary>
    public TimeSpan LeaseDuration { get; set; } = NotificationDefaults.LeaseDuration;

    /// <summary>Largest body Notify accepts, in bytes. Default: 65,536 (64 KiB); at most 1 MiB.</summary>
    [Range(1, 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = NotificationDefaults.MaxBodyBytes;

    /// <summary>Notifications claimed per poll. Default: 100.</summary>
    [Range(1, 10_000)]
    public int ClaimBatchSize { get; set; } = NotificationDefaults.ClaimBatchSize;

    /// <summary>POSTs in flight at once on this instance. Default: 16.</summary>
    [Range(1, 1_000)]
    public int Parallelism { get; set; } = NotificationDefaults.Parallelism;

    /// <summary>
    /// The secret notifications are signed with when the notifying application has no
    /// <c>Security:Applications:N:NotificationSecret</c> (and for callers without a key), at least 16 characters.
    /// Default: none: then only applications with a secret of their own can notify. Keep it out of files.
    /// </summary>
    public string? SigningSecret { get; set; }

    /// <summary>The schedule in effect: <see cref="RetrySchedule"/> or the default.</summary>
    public IReadOnlyList<TimeSpan> EffectiveRetrySchedule =>
        RetrySchedule is { Length: > 0 } schedule ? schedule : NotificationDefaults.RetrySchedule;
}
