using System.Text.Json.Serialization;

namespace Transactions.ReliableMessage.Service.Http;

/// <summary>A message with its deliveries (<c>GET /api/v1/messages/{id}</c>).</summary>
public sealed record MessageView(
    [property: JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)] long MessageId,
    string Topic,
    string? Key,
    string ProducerGroup,
    string Status,
    long CreatedUnixMs,
    long? CommittedUnixMs,
    int CheckAttempts,
    string? LastError,
    IReadOnlyList<DeliveryView> Deliveries);
