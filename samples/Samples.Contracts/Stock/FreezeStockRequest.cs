namespace Samples.Contracts.Stock;

/// <summary>Body of <c>POST /api/stock/freeze</c> (the Try of the stock branch; needs the <c>tx-xid</c> header).</summary>
/// <param name="Sku">The product.</param>
/// <param name="Quantity">Units to freeze.</param>
public sealed record FreezeStockRequest(string? Sku, int Quantity);
