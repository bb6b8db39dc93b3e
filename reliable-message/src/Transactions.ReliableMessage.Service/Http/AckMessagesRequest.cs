using System.Text.Json.Serialization;

namespace Transactions.ReliableMessage.Service.Http;

/// <summary>Body of <c>POST /api/v1/acks</c>; ids may be JSON strings or numbers.</summary>
public sealed record AckMessagesRequest(
    string ConsumerGroup,
    [property: JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)] long[] MessageIds);
