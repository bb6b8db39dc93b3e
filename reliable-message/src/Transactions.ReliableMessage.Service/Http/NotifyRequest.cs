namespace Transactions.ReliableMessage.Service.Http;

/// <summary>Body of <c>POST /api/v1/notifications</c>: the body is POSTed to the URL as its UTF-8 bytes.</summary>
public sealed record NotifyRequest(string? Url, string? Body, string? Key, string? ContentType);
