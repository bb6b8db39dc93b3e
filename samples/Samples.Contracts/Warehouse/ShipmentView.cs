namespace Samples.Contracts.Warehouse;

/// <summary>A shipment the warehouse created from a shipment notice.</summary>
/// <param name="OrderId">The order.</param>
/// <param name="MessageId">The reliable message that carried the notice.</param>
/// <param name="Sku">The product.</param>
/// <param name="Quantity">How many.</param>
/// <param name="CreatedAt">When the warehouse created it.</param>
public sealed record ShipmentView(string OrderId, long MessageId, string Sku, int Quantity, DateTimeOffset CreatedAt);
