using System.Text.Json.Serialization;

namespace Transactions.ReliableMessage.Service.Http;

/// <summary>A parked message (<c>GET /api/v1/admin/parked</c>).</summary>
public sealed record ParkedMessageView(
    [property: JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)] long MessageId,
    string Topic,
    string ProducerGroup,
    int CheckAttempts,
    string? LastError,
    long CreatedUnixMs);
