using System.Text.Json.Serialization;

namespace Transactions.ReliableMessage.Service.Http;

/// <summary>A dead letter (<c>GET /api/v1/admin/dead-letters</c>).</summary>
public sealed record DeadLetterView(
    [property: JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)] long MessageId,
    string Topic,
    string? Key,
    string ConsumerGroup,
    int Attempts,
    long DeadSinceUnixMs,
    string? LastError);
