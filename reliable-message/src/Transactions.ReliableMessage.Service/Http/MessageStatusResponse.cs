using System.Text.Json.Serialization;

namespace Transactions.ReliableMessage.Service.Http;

/// <summary>Answer of Commit, Rollback and admin resolution.</summary>
public sealed record MessageStatusResponse(
    [property: JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)] long MessageId,
    string Status);
