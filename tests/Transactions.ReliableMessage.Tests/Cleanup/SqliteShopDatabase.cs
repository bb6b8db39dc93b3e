using Microsoft.EntityFrameworkCore;
using Transactions.ReliableMessage.Tests.Infrastructure;

namespace Transactions.ReliableMessage.Tests.Cleanup;

/// <summary>A SQLite database in a temporary file.</summary>
public sealed class SqliteShopDatabase : ShopDatabase
{
    private readonly SqliteFile file = new();

    public override void Configure(DbContextOptionsBuilder builder) => builder.UseSqlite(file.ConnectionString + ";Default Timeout=30");

    public override Task InitializeAsync() => CreateSchemaAsync();

    public override Task DisposeAsync()
    {
        file.Dispose();
        return Task.CompletedTask;
    }
}
