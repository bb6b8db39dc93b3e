namespace Transactions.ReliableMessage.Notifications;

/// <summary>
/// The outcome of one POST, applied by <see cref="INotificationStore.SaveAttemptAsync"/> only while
/// <see cref="Owner"/> still holds the lease.
/// </summary>
/// <param name="NotificationId">The notification.</param>
/// <param name="Owner">The lease owner that sent it.</param>
/// <param name="Status">Acknowledged, Pending (another attempt at <paramref name="NextAttemptUnixMs"/>) or Failed.</param>
/// <param name="Attempts">Attempts made, this one included.</param>
/// <param name="NextAttemptUnixMs">The next attempt, for Pending.</param>
/// <param name="StatusCode">The HTTP status answered, if any.</param>
/// <param name="Error">Why it failed, null when acknowledged.</param>
/// <param name="NowUnixMs">Now.</param>
public sealed record NotificationAttempt(
    long NotificationId, string Owner, NotificationStatus Status, int Attempts, long? NextAttemptUnixMs, int? StatusCode, string? Error, long NowUnixMs);
