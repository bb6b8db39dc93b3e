using System.Text.Json.Serialization;

namespace Transactions.ReliableMessage.Service.Http;

/// <summary>Answer of <c>POST /api/v1/notifications</c> (the id as a string: JavaScript numbers lose 64-bit ids).</summary>
public sealed record NotifyResponse(
    [property: JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)] long NotificationId,
    string QueryToken,
    string Status,
    bool Existing);
