using System.ComponentModel.DataAnnotations;

namespace Samples.Warehouse.Shipments;

/// <summary>Settings of the warehouse, bound from the <c>Warehouse</c> section.</summary>
public sealed class WarehouseOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Warehouse";

    /// <summary>Topic of the shipment notices (the order service's <c>Orders:ShipmentTopic</c>). Default: <c>sample.shipments</c>.</summary>
    [Required]
    public string ShipmentTopic { get; set; } = "sample.shipments";
}
