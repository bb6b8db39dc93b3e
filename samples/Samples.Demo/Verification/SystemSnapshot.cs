using Samples.Contracts.Orders;
using Samples.Contracts.Points;
using Samples.Contracts.Stock;
using Samples.Contracts.Warehouse;

namespace Samples.Demo.Verification;

/// <summary>What the four services' APIs show at one moment.</summary>
/// <param name="Orders">Every order.</param>
/// <param name="Products">Every product.</param>
/// <param name="Accounts">Every points account.</param>
/// <param name="Shipments">Every shipment.</param>
public sealed record SystemSnapshot(
    IReadOnlyList<OrderView> Orders,
    IReadOnlyList<ProductView> Products,
    IReadOnlyList<PointsAccountView> Accounts,
    IReadOnlyList<ShipmentView> Shipments);
