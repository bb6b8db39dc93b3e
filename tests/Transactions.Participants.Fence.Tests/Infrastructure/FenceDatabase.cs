using Microsoft.EntityFrameworkCore;

namespace Transactions.Participants.Fence.Tests.Infrastructure;

/// <summary>
/// One database per test class (an xunit class fixture): says how to reach a clean database of one
/// provider; the compliance suite does the rest.
/// </summary>
public abstract class FenceDatabase : IAsyncLifetime
{
    private DbContextOptions<FenceTestDbContext>? options;

    public FenceTestDbContext CreateContext()
    {
        options ??= BuildOptions();
        return new FenceTestDbContext(options);
    }

    /// <summary>A context with extra options (e.g. a replaced service); builds its own options.</summary>
    public FenceTestDbContext CreateContext(Action<DbContextOptionsBuilder<FenceTestDbContext>> configure)
    {
        var builder = new DbContextOptionsBuilder<FenceTestDbContext>();
        Configure(builder);
        configure(builder);
        return new FenceTestDbContext(builder.Options);
    }

    /// <summary>Configures a context options builder for this database (also used for DI registrations).</summary>
    public abstract void Configure(DbContextOptionsBuilder builder);

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    protected async Task CreateSchemaAsync()
    {
        await using var db = CreateContext();
        await db.Database.EnsureCreatedAsync();
    }

    private DbContextOptions<FenceTestDbContext> BuildOptions()
    {
        var builder = new DbContextOptionsBuilder<FenceTestDbContext>();
        Configure(builder);
        return builder.Options;
    }
}
