namespace Transactions.ReliableMessage.Notifications;

/// <summary>
/// A row of <c>rm_notifications</c>: one best-effort notification (最大努力通知) of a party outside the system, POSTed
/// to <see cref="Url"/> until it answers 2xx or the retry schedule is spent.
/// </summary>
public sealed class Notification
{
    /// <summary>Snowflake id.</summary>
    public long NotificationId { get; set; }

    /// <summary>The notifying application (its <c>Security:Applications</c> id; empty for a caller without a key).</summary>
    public string ApplicationId { get; set; } = string.Empty;

    /// <summary>The caller's idempotency key, unique per application.</summary>
    public string IdempotencyKey { get; set; } = string.Empty;

    /// <summary>The receiver's absolute http(s) URL.</summary>
    public string Url { get; set; } = string.Empty;

    /// <summary>The exact bytes POSTed (and signed).</summary>
    public byte[] Body { get; set; } = [];

    /// <summary>The Content-Type of the POST.</summary>
    public string ContentType { get; set; } = string.Empty;

    /// <summary>The token a receiver presents to read this notification (random, 256 bits, base64url).</summary>
    public string QueryToken { get; set; } = string.Empty;

    /// <summary>State.</summary>
    public NotificationStatus Status { get; set; }

    /// <summary>POSTs made so far, operator retries included.</summary>
    public int Attempts { get; set; }

    /// <summary>
    /// <see cref="Attempts"/> when an operator last retried it (0 before): the schedule position is
    /// <see cref="Attempts"/> minus this.
    /// </summary>
    public int AttemptsAtRetry { get; set; }

    /// <summary>When the next attempt is due; null once acknowledged or failed.</summary>
    public long? NextAttemptUnixMs { get; set; }

    /// <summary>The HTTP status of the last answer, null when there was none (timeout, connection error).</summary>
    public int? LastStatusCode { get; set; }

    /// <summary>Why the last attempt failed.</summary>
    public string? LastError { get; set; }

    /// <summary>Creation time.</summary>
    public long CreatedUnixMs { get; set; }

    /// <summary>Last change.</summary>
    public long UpdatedUnixMs { get; set; }

    /// <summary>When it was acknowledged or failed.</summary>
    public long? CompletedUnixMs { get; set; }

    /// <summary>Instance holding the lease while it sends.</summary>
    public string? LeaseOwner { get; set; }

    /// <summary>Lease expiry.</summary>
    public long? LeaseExpiresUnixMs { get; set; }
}
