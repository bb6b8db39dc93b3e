namespace Transactions.ReliableMessage.Domain;

/// <summary>A row of <c>rm_deliveries</c>: one message for one consumer group.</summary>
public sealed class MessageDelivery
{
    /// <summary>The message.</summary>
    public long MessageId { get; set; }

    /// <summary>The consumer group.</summary>
    public string ConsumerGroup { get; set; } = string.Empty;

    /// <summary>Delivery state.</summary>
    public DeliveryStatus Status { get; set; }

    /// <summary>Deliveries made in the current schedule (reset by a requeue).</summary>
    public int Attempts { get; set; }

    /// <summary>
    /// When recovery next looks at it: the ack deadline of a <see cref="DeliveryStatus.Delivered"/> row,
    /// the send time of a requeued <see cref="DeliveryStatus.Pending"/> row. Null for rows the
    /// message's first publish owns, and for finished rows.
    /// </summary>
    public long? NextAttemptUnixMs { get; set; }

    /// <summary>Last send (Unix ms).</summary>
    public long? DeliveredUnixMs { get; set; }

    /// <summary>Acknowledgement time (Unix ms).</summary>
    public long? AckedUnixMs { get; set; }

    /// <summary>Last delivery error.</summary>
    public string? LastError { get; set; }

    /// <summary>Instance redelivering it, if any.</summary>
    public string? LeaseOwner { get; set; }

    /// <summary>Until when <see cref="LeaseOwner"/> owns it (Unix ms).</summary>
    public long? LeaseExpiresUnixMs { get; set; }

    /// <summary>Creation time (Unix ms).</summary>
    public long CreatedUnixMs { get; set; }

    /// <summary>Last change (Unix ms).</summary>
    public long UpdatedUnixMs { get; set; }
}
