using System.Text.Json.Serialization;

namespace Transactions.ReliableMessage.Service.Http;

/// <summary>
/// A notification (<c>GET /api/v1/notifications/{id}</c>, the admin list and retry). <see cref="Body"/> is the body
/// decoded as UTF-8 (null in admin listings).
/// </summary>
public sealed record NotificationView(
    [property: JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)] long NotificationId,
    string ApplicationId,
    string Key,
    string Url,
    string Status,
    int Attempts,
    long? NextAttemptUnixMs,
    int? LastStatusCode,
    string? LastError,
    long CreatedUnixMs,
    long? CompletedUnixMs,
    string ContentType,
    string? Body);
