namespace Transactions.Participants.Tests.Samples.Saga;

/// <summary>Output of the "create-order" saga action (serialized as JSON).</summary>
public sealed record OrderCreated(long OrderId, string Sku);
