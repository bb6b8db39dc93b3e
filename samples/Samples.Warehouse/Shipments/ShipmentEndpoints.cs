using Microsoft.EntityFrameworkCore;
using Samples.Contracts.Warehouse;

namespace Samples.Warehouse.Shipments;

/// <summary>The warehouse's HTTP API.</summary>
public static class ShipmentEndpoints
{
    /// <summary>Maps <c>GET /api/shipments</c> and <c>GET /api/shipments/{orderId}</c>.</summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static WebApplication MapShipmentEndpoints(this WebApplication app)
    {
        var api = app.MapGroup("/api/shipments");
        api.MapGet("/", async (WarehouseDbContext db, CancellationToken cancellationToken) =>
            Results.Ok((await db.Shipments.AsNoTracking().ToListAsync(cancellationToken)).OrderBy(s => s.CreatedAt).Select(ToView)));
        api.MapGet("/{orderId}", async (string orderId, WarehouseDbContext db, CancellationToken cancellationToken) =>
            await db.Shipments.AsNoTracking().FirstOrDefaultAsync(s => s.OrderId == orderId, cancellationToken) is { } shipment
                ? Results.Ok(ToView(shipment))
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No shipment for order '{orderId}'."));
        return app;
    }

    private static ShipmentView ToView(Shipment s) => new(s.OrderId, s.MessageId, s.Sku, s.Quantity, s.CreatedAt);
}
