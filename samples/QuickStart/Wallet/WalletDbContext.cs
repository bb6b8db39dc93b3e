using Microsoft.EntityFrameworkCore;

namespace QuickStart.Wallet;

/// <summary>The wallet's own database, with the TCC fence table in its model.</summary>
public sealed class WalletDbContext(DbContextOptions<WalletDbContext> options) : DbContext(options)
{
    public DbSet<Account> Accounts => Set<Account>();

    /// <summary>Creates the schema (a real service uses migrations) and a demo account with 100.</summary>
    public static async Task CreateAsync(WalletDbContext db)
    {
        await db.Database.EnsureCreatedAsync();
        if (!await db.Accounts.AnyAsync())
        {
            db.Accounts.Add(new Account { Id = "alice", Available = 100 });
            await db.SaveChangesAsync();
        }
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Account>().ToTable("accounts");
        modelBuilder.AddTccFence();   // table tcc_fence: makes Confirm/Cancel idempotent, blocks a late Try
    }
}
