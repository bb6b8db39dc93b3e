using Microsoft.EntityFrameworkCore;

namespace Samples.Stock.Products;

/// <summary>The stock service's own database: products and the TCC fence (the lock library adds its own table).</summary>
public sealed class StockDbContext(DbContextOptions<StockDbContext> options) : DbContext(options)
{
    /// <summary>The products.</summary>
    public DbSet<Product> Products => Set<Product>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Product>(product =>
        {
            product.ToTable("products");
            product.HasKey(p => p.Sku);
            product.Property(p => p.Sku).HasColumnName("sku").HasMaxLength(64);
            product.Property(p => p.Available).HasColumnName("available");
            product.Property(p => p.Frozen).HasColumnName("frozen");
            product.Property(p => p.Sold).HasColumnName("sold");
            product.Property(p => p.FenceToken).HasColumnName("fence_token");
        });
        modelBuilder.AddTccFence();
    }
}
