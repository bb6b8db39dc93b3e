using Samples.Contracts.Orders;

namespace Samples.Order.Orders;

/// <summary>An order (table <c>orders</c>); <see cref="RequestId"/> is unique.</summary>
public sealed class OrderRecord
{
    /// <summary>The order's id (primary key).</summary>
    public required string Id { get; set; }

    /// <summary>The client's idempotency key (unique).</summary>
    public required string RequestId { get; set; }

    /// <summary>The buyer.</summary>
    public required string UserId { get; set; }

    /// <summary>The product.</summary>
    public required string Sku { get; set; }

    /// <summary>How many.</summary>
    public int Quantity { get; set; }

    /// <summary>Points earned when confirmed.</summary>
    public int Points { get; set; }

    /// <summary>Pending, Confirmed or Cancelled.</summary>
    public OrderStatus Status { get; set; }

    /// <summary>The global transaction.</summary>
    public long Xid { get; set; }

    /// <summary>Why it was cancelled.</summary>
    public string? Reason { get; set; }

    /// <summary>The shipment notice's reliable message, once confirmed.</summary>
    public long? ShipmentMessageId { get; set; }

    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The API's view.</summary>
    /// <returns>The view.</returns>
    public OrderView ToView() => new(Id, RequestId, UserId, Sku, Quantity, Points, Status, Xid.ToString(System.Globalization.CultureInfo.InvariantCulture), Reason);
}
