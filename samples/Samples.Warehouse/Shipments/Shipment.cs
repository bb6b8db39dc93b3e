namespace Samples.Warehouse.Shipments;

/// <summary>A shipment (table <c>shipments</c>); one per order: the order id is the primary key.</summary>
public sealed class Shipment
{
    /// <summary>The order (primary key).</summary>
    public required string OrderId { get; set; }

    /// <summary>The reliable message that carried the notice.</summary>
    public long MessageId { get; set; }

    /// <summary>The buyer.</summary>
    public required string UserId { get; set; }

    /// <summary>The product.</summary>
    public required string Sku { get; set; }

    /// <summary>How many.</summary>
    public int Quantity { get; set; }

    /// <summary>When the warehouse created it.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
