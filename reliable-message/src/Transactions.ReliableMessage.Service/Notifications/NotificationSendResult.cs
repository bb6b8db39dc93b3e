namespace Transactions.ReliableMessage.Service.Notifications;

/// <summary>What one POST got.</summary>
/// <param name="Acknowledged">The receiver answered 2xx.</param>
/// <param name="StatusCode">The HTTP status, null when there was no answer.</param>
/// <param name="Error">Why it failed; null when acknowledged.</param>
public sealed record NotificationSendResult(bool Acknowledged, int? StatusCode, string? Error);
