namespace Transactions.Participants.IntegrationTests.Shipping;

/// <summary>Output of the "create-shipment" action, read by the next step with GetOutput.</summary>
public sealed record ShipmentCreated(string ShipmentId, string OrderId);
