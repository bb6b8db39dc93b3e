namespace Transactions.ReliableMessage.Service.Admin;

/// <summary>A notification's state in the audit log (before/after an action).</summary>
internal sealed record NotificationState(string Status, int Attempts, string? LastError);
