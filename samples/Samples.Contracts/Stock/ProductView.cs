namespace Samples.Contracts.Stock;

/// <summary>A product's stock. <c>Available + Frozen + Sold</c> is constant: the quantity the product was stocked with.</summary>
/// <param name="Sku">The product.</param>
/// <param name="Available">Units that can be ordered.</param>
/// <param name="Frozen">Units held by orders whose global transaction has not finished.</param>
/// <param name="Sold">Units of confirmed orders.</param>
public sealed record ProductView(string Sku, int Available, int Frozen, int Sold);
