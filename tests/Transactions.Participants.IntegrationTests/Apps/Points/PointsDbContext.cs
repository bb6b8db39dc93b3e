using Microsoft.EntityFrameworkCore;

namespace Transactions.Participants.IntegrationTests.Points;

/// <summary>The points service's own database, with the TCC fence table.</summary>
public sealed class PointsDbContext(DbContextOptions<PointsDbContext> options) : DbContext(options)
{
    public DbSet<PointsAccount> Accounts => Set<PointsAccount>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<PointsAccount>(account =>
        {
            account.ToTable("points_accounts");
            account.HasKey(a => a.UserId);
        });
        modelBuilder.AddTccFence(fence => fence.TableName = "points_tcc_fence");
    }
}
