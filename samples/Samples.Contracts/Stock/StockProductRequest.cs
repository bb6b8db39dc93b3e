namespace Samples.Contracts.Stock;

/// <summary>Body of <c>PUT /api/stock/products/{sku}</c>: creates the product with this many units (no change when it exists).</summary>
/// <param name="Available">Initial units (0-1,000,000).</param>
public sealed record StockProductRequest(int Available);
