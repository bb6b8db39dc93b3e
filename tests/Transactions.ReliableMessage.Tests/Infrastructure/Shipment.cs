namespace Transactions.ReliableMessage.Tests.Infrastructure;

/// <summary>A business row.</summary>
public sealed class Shipment
{
    public long Id { get; set; }

    public string OrderId { get; set; } = string.Empty;
}
