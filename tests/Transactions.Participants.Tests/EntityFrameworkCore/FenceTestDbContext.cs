using Microsoft.EntityFrameworkCore;

namespace Transactions.Participants.Tests.EntityFrameworkCore;

public sealed class FenceTestDbContext(DbContextOptions<FenceTestDbContext> options) : DbContext(options)
{
    public DbSet<Reservation> Reservations => Set<Reservation>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddTccFence();
}
