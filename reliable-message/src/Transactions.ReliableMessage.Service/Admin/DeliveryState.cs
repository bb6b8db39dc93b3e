namespace Transactions.ReliableMessage.Service.Admin;

/// <summary>A delivery's state as recorded in the audit log.</summary>
internal sealed record DeliveryState(string Status, int Attempts, string? LastError);
