namespace Transactions.ReliableMessage.Service.Http;

/// <summary>Body of the admin actions on a delivery (requeue, discard): the reason is required.</summary>
public sealed record AdminActionRequest(string? Reason, string? Actor);
