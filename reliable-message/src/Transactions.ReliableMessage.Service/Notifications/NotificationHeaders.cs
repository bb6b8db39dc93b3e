namespace Transactions.ReliableMessage.Service.Notifications;

/// <summary>
/// Headers of best-effort notifications besides the signature's (<c>Transactions.Common.Webhooks.WebhookSignature</c>):
/// those the service sends with each POST, and the one a receiver presents to read a notification.
/// </summary>
public static class NotificationHeaders
{
    /// <summary>Sent with each POST: the notification id (decimal), the same on every attempt (the receiver's de-duplication key).</summary>
    public const string NotificationId = "X-Transactions-Notification-Id";

    /// <summary>Sent with each POST: 1 for the first POST, 2 for the next...</summary>
    public const string Attempt = "X-Transactions-Notification-Attempt";

    /// <summary>Presented by a receiver reading a notification (<c>GET /api/v1/notifications/{id}</c>): the query token Notify returned.</summary>
    public const string QueryToken = "X-Transactions-Notification-Token";
}
