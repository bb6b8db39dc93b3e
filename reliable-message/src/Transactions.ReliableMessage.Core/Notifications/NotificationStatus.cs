namespace Transactions.ReliableMessage.Notifications;

/// <summary>State of a best-effort notification (stored as its number: never renumber).</summary>
public enum NotificationStatus
{
    /// <summary>Not used.</summary>
    Unspecified = 0,

    /// <summary>Waiting for its next attempt (the first one at once).</summary>
    Pending = 1,

    /// <summary>The receiver answered 2xx.</summary>
    Acknowledged = 2,

    /// <summary>Every attempt of the schedule failed: waits for an operator (who may retry it).</summary>
    Failed = 3,
}
