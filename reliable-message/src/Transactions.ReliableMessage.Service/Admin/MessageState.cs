namespace Transactions.ReliableMessage.Service.Admin;

/// <summary>A message's state as recorded in the audit log.</summary>
internal sealed record MessageState(string Status, int CheckAttempts);
