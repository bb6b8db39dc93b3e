namespace Transactions.Participants.Tests.Samples.Saga;

/// <summary>Input of the "create-order" saga action.</summary>
public sealed record CreateOrder(string Sku, int Quantity);
