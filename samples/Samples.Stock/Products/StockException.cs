namespace Samples.Stock.Products;

/// <summary>The stock could not be frozen: unknown product, not enough units, or the lock was lost.</summary>
/// <param name="message">Why.</param>
public sealed class StockException(string message) : Exception(message);
