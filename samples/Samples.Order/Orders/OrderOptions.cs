using System.ComponentModel.DataAnnotations;

namespace Samples.Order.Orders;

/// <summary>Settings of the order service, bound from the <c>Orders</c> section.</summary>
public sealed class OrderOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Orders";

    /// <summary>Base address of the stock service's HTTP API. Required.</summary>
    [Required]
    public Uri? StockAddress { get; set; }

    /// <summary>Base address of the points service's HTTP API. Required.</summary>
    [Required]
    public Uri? PointsAddress { get; set; }

    /// <summary>Points a buyer earns per unit ordered. Default: 10.</summary>
    [Range(1, 1_000)]
    public int PointsPerUnit { get; set; } = 10;

    /// <summary>Topic of the shipment notices (the warehouse subscribes to it). Default: <c>sample.shipments</c>.</summary>
    [Required]
    public string ShipmentTopic { get; set; } = "sample.shipments";

    /// <summary>Timeout of one call to the stock or points service. Default: 30 seconds.</summary>
    public TimeSpan ParticipantCallTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
