namespace Transactions.ReliableMessage.Service.Http;

/// <summary>Answer of <c>POST /api/v1/acks</c>.</summary>
public sealed record AckMessagesResponse(int Acknowledged);
