namespace Transactions.ReliableMessage.Service.Http;

/// <summary>Body of the admin actions on a delivery (requeue, discard): the reason is required. The actor is the API key's name.</summary>
public sealed record AdminActionRequest(string? Reason);
