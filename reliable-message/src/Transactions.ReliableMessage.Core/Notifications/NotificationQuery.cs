namespace Transactions.ReliableMessage.Notifications;

/// <summary>An admin listing of notifications, newest first.</summary>
/// <param name="Status">Only this status; null for all.</param>
/// <param name="ApplicationId">Only this application's; null for all.</param>
/// <param name="BeforeId">Only ids below this (the next page); null for the first page.</param>
/// <param name="Limit">Most rows.</param>
public sealed record NotificationQuery(NotificationStatus? Status, string? ApplicationId, long? BeforeId, int Limit);
