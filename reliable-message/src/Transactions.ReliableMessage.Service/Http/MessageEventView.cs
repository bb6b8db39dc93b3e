namespace Transactions.ReliableMessage.Service.Http;

/// <summary>One history entry of a message.</summary>
public sealed record MessageEventView(long AtUnixMs, string Kind, string Actor, string? ConsumerGroup, string? Detail);
