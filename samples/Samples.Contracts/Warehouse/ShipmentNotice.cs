namespace Samples.Contracts.Warehouse;

/// <summary>The reliable message the order service sends when an order is confirmed (JSON payload).</summary>
/// <param name="OrderId">The order (one shipment per order).</param>
/// <param name="UserId">The buyer.</param>
/// <param name="Sku">The product.</param>
/// <param name="Quantity">How many.</param>
public sealed record ShipmentNotice(string OrderId, string UserId, string Sku, int Quantity);
