using Microsoft.EntityFrameworkCore;

namespace Samples.Order.Orders;

/// <summary>The order service's own database: orders, the TCC fence and the reliable-message barrier.</summary>
public sealed class OrderDbContext(DbContextOptions<OrderDbContext> options) : DbContext(options)
{
    /// <summary>The orders.</summary>
    public DbSet<OrderRecord> Orders => Set<OrderRecord>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OrderRecord>(order =>
        {
            order.ToTable("orders");
            order.HasKey(o => o.Id);
            order.Property(o => o.Id).HasColumnName("id").HasMaxLength(64);
            order.Property(o => o.RequestId).HasColumnName("request_id").HasMaxLength(64);
            order.HasIndex(o => o.RequestId).IsUnique();
            order.Property(o => o.UserId).HasColumnName("user_id").HasMaxLength(64);
            order.Property(o => o.Sku).HasColumnName("sku").HasMaxLength(64);
            order.Property(o => o.Quantity).HasColumnName("quantity");
            order.Property(o => o.Points).HasColumnName("points");
            order.Property(o => o.Status).HasColumnName("status").HasConversion<string>().HasMaxLength(16);
            order.Property(o => o.Xid).HasColumnName("xid");
            order.Property(o => o.Reason).HasColumnName("reason").HasMaxLength(1000);
            order.Property(o => o.ShipmentMessageId).HasColumnName("shipment_message_id");
            order.Property(o => o.CreatedAt).HasColumnName("created_at");
        });
        modelBuilder.AddTccFence();
        modelBuilder.AddMessageBarrier();
    }
}
