namespace Transactions.ReliableMessage.Service.Http;

/// <summary>Body of <c>POST /api/v1/messages</c> (Prepare). The payload is base64 in JSON.</summary>
public sealed record PrepareMessageRequest(string Topic, string? Key, byte[]? Payload, string ProducerGroup, string? ProducerKey, string? CheckEndpoint);
