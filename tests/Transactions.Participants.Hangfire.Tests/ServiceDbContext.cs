using Microsoft.EntityFrameworkCore;

namespace Transactions.Participants.Hangfire.Tests;

/// <summary>A service's own database with all three SDK tables: the TCC fence, the message barrier and the message inbox.</summary>
public sealed class ServiceDbContext(DbContextOptions<ServiceDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddTccFence();
        modelBuilder.AddMessageBarrier();
        modelBuilder.AddMessageInbox();
    }
}
