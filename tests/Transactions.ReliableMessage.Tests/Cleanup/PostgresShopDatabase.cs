using Microsoft.EntityFrameworkCore;
using Transactions.Testing;

namespace Transactions.ReliableMessage.Tests.Cleanup;

/// <summary>A uniquely named database on the PostgreSQL server of <c>TX_TEST_POSTGRES</c>, dropped afterwards; nothing without the variable (the tests are skipped then).</summary>
public sealed class PostgresShopDatabase : ShopDatabase
{
    private PostgresDatabase? database;

    public override void Configure(DbContextOptionsBuilder builder) =>
        builder.UseNpgsql(database?.ConnectionString ?? throw new InvalidOperationException($"{TestEnvironment.PostgresVariable} is not set."));

    public override async Task InitializeAsync()
    {
        if (TestEnvironment.PostgresConnectionString is null)
        {
            return;
        }

        database = await PostgresDatabase.CreateAsync("tx_rm_cleaners");
        await CreateSchemaAsync();
    }

    public override async Task DisposeAsync()
    {
        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }
}
