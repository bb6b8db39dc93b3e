namespace Transactions.ReliableMessage.Dispatch;

/// <summary>What happened to one send.</summary>
public enum SendResult
{
    /// <summary>Handed over; the group acknowledges later (broker).</summary>
    Sent = 1,

    /// <summary>The group processed it and the answer is the acknowledgement (push).</summary>
    Acknowledged = 2,

    /// <summary>The group was reached, or should have been, and did not acknowledge: the attempt counts (push).</summary>
    Rejected = 3,

    /// <summary>The transport could not take it (broker unavailable): retried soon, the attempt does not count.</summary>
    Failed = 4,
}
