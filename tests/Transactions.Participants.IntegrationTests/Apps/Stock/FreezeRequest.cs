namespace Transactions.Participants.IntegrationTests.Stock;

/// <summary>Body of <c>POST /api/stock/freeze</c>.</summary>
public sealed record FreezeRequest(string Sku, int Quantity);
