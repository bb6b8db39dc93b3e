using Transactions.ReliableMessage.Errors;

namespace Transactions.ReliableMessage.Notifications;

/// <summary>No notification has the id, or the caller may not see it (the same answer, so ids cannot be probed). Maps to NotFound.</summary>
public sealed class NotificationNotFoundException(long notificationId)
    : ReliableMessageException($"Notification {notificationId} was not found.")
{
    /// <summary>The id asked for.</summary>
    public long NotificationId { get; } = notificationId;
}
