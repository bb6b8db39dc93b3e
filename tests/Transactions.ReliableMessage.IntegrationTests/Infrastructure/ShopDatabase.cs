using Microsoft.EntityFrameworkCore;
using Transactions.Testing;

namespace Transactions.ReliableMessage.IntegrationTests.Infrastructure;

/// <summary>A fresh PostgreSQL database with the shop schema.</summary>
public sealed class ShopDatabase : IAsyncDisposable
{
    private readonly PostgresDatabase _database;

    private ShopDatabase(PostgresDatabase database) => _database = database;

    public string ConnectionString => _database.ConnectionString;

    public static async Task<ShopDatabase> CreateAsync(string prefix)
    {
        var database = await PostgresDatabase.CreateAsync(prefix);
        var shop = new ShopDatabase(database);
        await using var db = shop.NewContext();
        await db.Database.EnsureCreatedAsync();
        return shop;
    }

    public ShopDbContext NewContext() => new(new DbContextOptionsBuilder<ShopDbContext>().UseNpgsql(ConnectionString).Options);

    public async Task<List<T>> ReadAsync<T>(Func<ShopDbContext, IQueryable<T>> query)
    {
        await using var db = NewContext();
        return await query(db).ToListAsync();
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();
}
