using Microsoft.EntityFrameworkCore;

namespace Transactions.Participants.Fence.Tests.Infrastructure;

/// <summary>A context that forgot <c>modelBuilder.AddTccFence()</c>.</summary>
public sealed class NoFenceDbContext(DbContextOptions<NoFenceDbContext> options) : DbContext(options)
{
    public DbSet<Account> Accounts => Set<Account>();
}
