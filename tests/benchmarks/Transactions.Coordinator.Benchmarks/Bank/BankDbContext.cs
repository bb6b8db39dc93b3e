using Microsoft.EntityFrameworkCore;
using Transactions.Participants.Fence;

namespace Transactions.Coordinator.Benchmarks.Bank;

/// <summary>The bank participant's database: accounts, the journal, and the TCC fence table.</summary>
public sealed class BankDbContext(DbContextOptions<BankDbContext> options) : DbContext(options)
{
    /// <summary>Accounts.</summary>
    public DbSet<Account> Accounts => Set<Account>();

    /// <summary>Transfer legs.</summary>
    public DbSet<JournalEntry> Journal => Set<JournalEntry>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Account>(account =>
        {
            account.ToTable("accounts");
            account.HasKey(a => a.Id);
            account.Property(a => a.Id).ValueGeneratedNever();
        });
        modelBuilder.Entity<JournalEntry>(entry =>
        {
            entry.ToTable("journal");
            entry.HasKey(e => e.Id);
            entry.HasIndex(e => new { e.TransferId, e.AccountId });
        });
        modelBuilder.AddTccFence();
    }
}
