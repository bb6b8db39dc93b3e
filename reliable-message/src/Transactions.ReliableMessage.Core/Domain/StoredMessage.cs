namespace Transactions.ReliableMessage.Domain;

/// <summary>A row of <c>rm_messages</c>: one half-message and its life cycle.</summary>
public sealed class StoredMessage
{
    /// <summary>Snowflake id.</summary>
    public long MessageId { get; set; }

    /// <summary>Topic the producer sends to.</summary>
    public string Topic { get; set; } = string.Empty;

    /// <summary>Partitioning key; null when none.</summary>
    public string? Key { get; set; }

    /// <summary>Opaque body.</summary>
    public byte[] Payload { get; set; } = [];

    /// <summary>Producer application.</summary>
    public string ProducerGroup { get; set; } = string.Empty;

    /// <summary>Producer-side idempotency key of Prepare; null when none.</summary>
    public string? ProducerKey { get; set; }

    /// <summary>gRPC base address of the producer's back-check endpoint; null when none.</summary>
    public string? CheckEndpoint { get; set; }

    /// <summary>Life-cycle status.</summary>
    public MessageStatus Status { get; set; }

    /// <summary>Prepare time (Unix ms).</summary>
    public long CreatedUnixMs { get; set; }

    /// <summary>Last change (Unix ms).</summary>
    public long UpdatedUnixMs { get; set; }

    /// <summary>Commit time (Unix ms).</summary>
    public long? CommittedUnixMs { get; set; }

    /// <summary>When it was published or rolled back (Unix ms).</summary>
    public long? CompletedUnixMs { get; set; }

    /// <summary>Back-checks made so far.</summary>
    public int CheckAttempts { get; set; }

    /// <summary>Failed attempts to publish so far.</summary>
    public int PublishAttempts { get; set; }

    /// <summary>
    /// When recovery next looks at it: the back-check for <see cref="MessageStatus.Prepared"/>, the
    /// (re)publish for <see cref="MessageStatus.Committed"/>; null when nothing is due.
    /// </summary>
    public long? NextAttemptUnixMs { get; set; }

    /// <summary>Last back-check or publish error.</summary>
    public string? LastError { get; set; }

    /// <summary>Instance working on it, if any.</summary>
    public string? LeaseOwner { get; set; }

    /// <summary>Until when <see cref="LeaseOwner"/> owns it (Unix ms).</summary>
    public long? LeaseExpiresUnixMs { get; set; }
}
