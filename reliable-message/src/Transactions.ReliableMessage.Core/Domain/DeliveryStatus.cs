namespace Transactions.ReliableMessage.Domain;

/// <summary>
/// Delivery state of one message for one consumer group: <c>Pending -> Delivered -> Acked</c>, with
/// <c>Delivered -> Delivered</c> (redelivery on the schedule) and <c>Delivered -> Dead</c> after the
/// last attempt; <c>Dead -> Pending</c> (requeue) or <c>Dead -> Discarded</c> by an administrator.
/// Values are stored: never renumber.
/// </summary>
public enum DeliveryStatus
{
    /// <summary>Waiting to be (re)sent.</summary>
    Pending = 1,

    /// <summary>Sent; waiting for the acknowledgement until the attempt's ack timeout.</summary>
    Delivered = 2,

    /// <summary>Acknowledged by the group.</summary>
    Acked = 3,

    /// <summary>Not acknowledged after the last attempt: a dead letter.</summary>
    Dead = 4,

    /// <summary>A dead letter an administrator discarded.</summary>
    Discarded = 5,
}
