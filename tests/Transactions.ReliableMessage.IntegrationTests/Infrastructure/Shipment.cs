namespace Transactions.ReliableMessage.IntegrationTests.Infrastructure;

/// <summary>The consumer's business row: one per processed message (a second one would violate the key).</summary>
public sealed class Shipment
{
    public long MessageId { get; set; }

    public string OrderId { get; set; } = string.Empty;
}
