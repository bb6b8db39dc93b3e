namespace Samples.Stock.Products;

/// <summary>Settings of the stock service, bound from the <c>Stock</c> section.</summary>
public sealed class StockOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Stock";

    /// <summary>How long a freeze waits for the product's lock before the order is refused. Default: 30 seconds.</summary>
    public TimeSpan LockWait { get; set; } = TimeSpan.FromSeconds(30);
}
