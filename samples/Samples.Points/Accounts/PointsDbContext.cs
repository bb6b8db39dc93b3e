using Microsoft.EntityFrameworkCore;

namespace Samples.Points.Accounts;

/// <summary>The points service's own database: accounts and the TCC fence.</summary>
public sealed class PointsDbContext(DbContextOptions<PointsDbContext> options) : DbContext(options)
{
    /// <summary>The accounts.</summary>
    public DbSet<PointsAccount> Accounts => Set<PointsAccount>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<PointsAccount>(account =>
        {
            account.ToTable("points_accounts");
            account.HasKey(a => a.UserId);
            account.Property(a => a.UserId).HasColumnName("user_id").HasMaxLength(64);
            account.Property(a => a.Pending).HasColumnName("pending");
            account.Property(a => a.Available).HasColumnName("available");
        });
        modelBuilder.AddTccFence();
    }
}
