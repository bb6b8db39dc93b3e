namespace Samples.Contracts.Orders;

/// <summary>Where an order is. Serialized as its name.</summary>
public enum OrderStatus
{
    /// <summary>Created by the Try of the order's TCC branch; the global transaction has not finished yet.</summary>
    Pending,

    /// <summary>The global transaction committed: stock sold, points granted, shipment notice sent.</summary>
    Confirmed,

    /// <summary>The global transaction rolled back: nothing was sold or granted.</summary>
    Cancelled,
}
