namespace Transactions.Participants.IntegrationTests.Stock;

/// <summary>A stock line: units free to sell, units frozen by unfinished orders, units sold.</summary>
public sealed class Product
{
    public required string Sku { get; set; }

    public int Available { get; set; }

    public int Frozen { get; set; }

    public int Sold { get; set; }
}
