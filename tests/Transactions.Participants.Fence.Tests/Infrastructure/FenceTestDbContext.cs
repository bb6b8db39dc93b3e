using Microsoft.EntityFrameworkCore;

namespace Transactions.Participants.Fence.Tests.Infrastructure;

/// <summary>
/// A participant's own DbContext: its business table plus the fence. On PostgreSQL the fence uses a
/// non-default schema and table name, so the suite also covers <see cref="TccFenceModelOptions"/>.
/// </summary>
public sealed class FenceTestDbContext(DbContextOptions<FenceTestDbContext> options) : DbContext(options)
{
    public const string PostgresFenceSchema = "participant";
    public const string PostgresFenceTable = "tcc_fence_log";

    public DbSet<Account> Accounts => Set<Account>();

    public DbSet<TccFenceRecord> Fence => Set<TccFenceRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Account>(entity =>
        {
            entity.ToTable("accounts");
            entity.HasKey(a => a.Id);
            entity.Property(a => a.Id).ValueGeneratedNever();
        });

        var postgres = Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";
        modelBuilder.AddTccFence(fence =>
        {
            if (postgres)
            {
                fence.Schema = PostgresFenceSchema;
                fence.TableName = PostgresFenceTable;
            }
        });
    }
}
