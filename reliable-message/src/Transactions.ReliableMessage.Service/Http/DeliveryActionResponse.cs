namespace Transactions.ReliableMessage.Service.Http;

/// <summary>Answer of the admin actions on a delivery.</summary>
public sealed record DeliveryActionResponse(string Status);
