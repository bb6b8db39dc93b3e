namespace Transactions.Participants.IntegrationTests.Order;

/// <summary>An order: freeze stock and grant loyalty points, all or nothing.</summary>
public sealed record PlaceOrder(string OrderId, string Sku, int Quantity, string UserId, int Points);
