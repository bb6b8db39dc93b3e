namespace Transactions.Participants.Tests.Samples;

public sealed record OrderLine(string Sku, int Quantity, decimal Price);
