namespace Transactions.ReliableMessage.Service.Http;

/// <summary>Optional body of <c>POST /api/v1/messages/{id}/rollback</c>.</summary>
public sealed record RollbackMessageRequest(string? Reason);
