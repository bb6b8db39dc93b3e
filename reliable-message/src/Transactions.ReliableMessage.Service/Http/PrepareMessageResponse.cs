using System.Text.Json.Serialization;

namespace Transactions.ReliableMessage.Service.Http;

/// <summary>Answer of Prepare. Ids are strings in JSON (64-bit ids exceed JavaScript's safe integers).</summary>
public sealed record PrepareMessageResponse(
    [property: JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)] long MessageId,
    string Status,
    bool Existing);
