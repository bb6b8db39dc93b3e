using Microsoft.EntityFrameworkCore;

namespace Transactions.Participants.IntegrationTests.Stock;

/// <summary>The stock service's own database, with the TCC fence table in its model (so in its migrations).</summary>
public sealed class StockDbContext(DbContextOptions<StockDbContext> options) : DbContext(options)
{
    public DbSet<Product> Products => Set<Product>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Product>(product =>
        {
            product.ToTable("products");
            product.HasKey(p => p.Sku);
        });
        modelBuilder.AddTccFence();
    }
}
