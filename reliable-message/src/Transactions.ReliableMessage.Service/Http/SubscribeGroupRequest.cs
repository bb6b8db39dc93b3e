namespace Transactions.ReliableMessage.Service.Http;

/// <summary>Body of <c>POST /api/v1/subscriptions</c>.</summary>
public sealed record SubscribeGroupRequest(string ConsumerGroup, string[] Topics, string? PushEndpoint);
