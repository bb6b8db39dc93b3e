namespace Transactions.ReliableMessage.Service.Http;

/// <summary>Body of <c>POST /api/v1/admin/messages/{id}/resolve</c>. The actor is the API key's name.</summary>
public sealed record ResolveParkedRequest(bool Commit, string? Reason);
