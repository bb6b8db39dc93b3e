namespace Transactions.ReliableMessage.Service.Http;

/// <summary>Answer of <c>POST /api/v1/subscriptions</c>: where the group's redeliveries arrive (Kafka), or null.</summary>
public sealed record SubscribeGroupResponse(string? RetryTopic);
