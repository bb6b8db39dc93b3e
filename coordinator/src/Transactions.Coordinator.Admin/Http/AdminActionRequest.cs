namespace Transactions.Coordinator.Admin.Http;

/// <summary>Body of every admin action: why (required, at most 1000 characters). The actor is the API key's name.</summary>
public sealed record AdminActionRequest(string? Reason);
