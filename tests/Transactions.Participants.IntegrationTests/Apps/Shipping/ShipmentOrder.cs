namespace Transactions.Participants.IntegrationTests.Shipping;

/// <summary>Input of the "create-shipment" action.</summary>
public sealed record ShipmentOrder(string OrderId);
