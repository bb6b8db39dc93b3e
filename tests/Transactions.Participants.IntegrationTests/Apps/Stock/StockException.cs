namespace Transactions.Participants.IntegrationTests.Stock;

/// <summary>A business refusal of the stock service (answered with 409).</summary>
public sealed class StockException(string message) : Exception(message);
