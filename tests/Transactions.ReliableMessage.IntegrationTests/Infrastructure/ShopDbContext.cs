using Microsoft.EntityFrameworkCore;

namespace Transactions.ReliableMessage.IntegrationTests.Infrastructure;

/// <summary>A producer's or consumer's own database: business rows, the message barrier and the inbox.</summary>
public sealed class ShopDbContext(DbContextOptions<ShopDbContext> options) : DbContext(options)
{
    public DbSet<Order> Orders => Set<Order>();

    public DbSet<Shipment> Shipments => Set<Shipment>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Order>(b =>
        {
            b.ToTable("orders");
            b.HasKey(o => o.Id);
        });
        modelBuilder.Entity<Shipment>(b =>
        {
            b.ToTable("shipments");
            b.HasKey(s => s.MessageId);
            b.Property(s => s.MessageId).ValueGeneratedNever();
        });
        modelBuilder.AddMessageBarrier();
        modelBuilder.AddMessageInbox();
    }
}
