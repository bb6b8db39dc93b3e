using Microsoft.EntityFrameworkCore;
using Transactions.ReliableMessage.Tests.Infrastructure;

namespace Transactions.ReliableMessage.Tests.Cleanup;

/// <summary>A producer's and consumer's own database (barrier and inbox tables) for one test class: an xunit class fixture.</summary>
public abstract class ShopDatabase : IAsyncLifetime
{
    /// <summary>Configures a context for this database (also used for DI registrations).</summary>
    public abstract void Configure(DbContextOptionsBuilder builder);

    public ShopDbContext CreateContext()
    {
        var builder = new DbContextOptionsBuilder<ShopDbContext>();
        Configure(builder);
        return new ShopDbContext(builder.Options);
    }

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    protected async Task CreateSchemaAsync()
    {
        await using var db = CreateContext();
        await db.Database.EnsureCreatedAsync();
    }
}
