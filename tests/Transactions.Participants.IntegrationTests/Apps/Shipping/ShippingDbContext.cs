using Microsoft.EntityFrameworkCore;

namespace Transactions.Participants.IntegrationTests.Shipping;

/// <summary>The shipping service's own database: its effects and the fence table.</summary>
public sealed class ShippingDbContext(DbContextOptions<ShippingDbContext> options) : DbContext(options)
{
    public const string FenceTable = "shipping_saga_fence";

    public DbSet<ShippingEffect> Effects => Set<ShippingEffect>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ShippingEffect>(effect =>
        {
            effect.ToTable("shipping_effects");
            effect.HasKey(e => e.Id);
            effect.HasIndex(e => e.Xid);
        });
        modelBuilder.AddTccFence(fence => fence.TableName = FenceTable);
    }
}
