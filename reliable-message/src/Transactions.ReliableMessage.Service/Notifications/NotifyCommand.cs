namespace Transactions.ReliableMessage.Service.Notifications;

/// <summary>A Notify call as received (gRPC or HTTP), not yet validated.</summary>
/// <param name="Url">The receiver's URL.</param>
/// <param name="Body">The bytes to POST.</param>
/// <param name="Key">The idempotency key.</param>
/// <param name="ContentType">The POST's Content-Type; null or empty for application/json.</param>
public sealed record NotifyCommand(string? Url, ReadOnlyMemory<byte> Body, string? Key, string? ContentType);
