using Microsoft.EntityFrameworkCore;

namespace Transactions.ReliableMessage.Tests.Infrastructure;

/// <summary>A producer's and consumer's own database: business rows plus the barrier and the inbox.</summary>
public sealed class ShopDbContext(DbContextOptions<ShopDbContext> options) : DbContext(options)
{
    public DbSet<Shipment> Shipments => Set<Shipment>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Shipment>(b =>
        {
            b.ToTable("shipments");
            b.HasKey(s => s.Id);
            b.Property(s => s.Id).ValueGeneratedNever();
        });
        modelBuilder.AddMessageBarrier();
        modelBuilder.AddMessageInbox();
    }
}
