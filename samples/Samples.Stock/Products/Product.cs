namespace Samples.Stock.Products;

/// <summary>A product's stock (table <c>products</c>). <c>Available + Frozen + Sold</c> never changes.</summary>
public sealed class Product
{
    /// <summary>The product (primary key).</summary>
    public required string Sku { get; set; }

    /// <summary>Units that can be ordered.</summary>
    public int Available { get; set; }

    /// <summary>Units held by unfinished orders.</summary>
    public int Frozen { get; set; }

    /// <summary>Units of confirmed orders.</summary>
    public int Sold { get; set; }

    /// <summary>The highest fencing token of the product's lock that wrote the row; a write with an older token is refused.</summary>
    public long FenceToken { get; set; }
}
