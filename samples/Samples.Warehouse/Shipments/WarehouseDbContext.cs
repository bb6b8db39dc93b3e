using Microsoft.EntityFrameworkCore;

namespace Samples.Warehouse.Shipments;

/// <summary>The warehouse's own database: shipments and the reliable-message inbox (de-duplication).</summary>
public sealed class WarehouseDbContext(DbContextOptions<WarehouseDbContext> options) : DbContext(options)
{
    /// <summary>The shipments.</summary>
    public DbSet<Shipment> Shipments => Set<Shipment>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Shipment>(shipment =>
        {
            shipment.ToTable("shipments");
            shipment.HasKey(s => s.OrderId);
            shipment.Property(s => s.OrderId).HasColumnName("order_id").HasMaxLength(64);
            shipment.Property(s => s.MessageId).HasColumnName("message_id");
            shipment.Property(s => s.UserId).HasColumnName("user_id").HasMaxLength(64);
            shipment.Property(s => s.Sku).HasColumnName("sku").HasMaxLength(64);
            shipment.Property(s => s.Quantity).HasColumnName("quantity");
            shipment.Property(s => s.CreatedAt).HasColumnName("created_at");
        });
        modelBuilder.AddMessageInbox();
    }
}
