using Transactions.Coordinator.Storage;
using Transactions.Testing;

namespace Transactions.Storage.Compliance.Tests.Infrastructure;

/// <summary>A database of its own on the server named by <c>TX_TEST_POSTGRES</c>, dropped afterwards.</summary>
public sealed class PostgreSqlStorageFixture : StorageFixture
{
    private PostgresDatabase? _database;

    /// <inheritdoc />
    protected override string? SkipReason => new RequiresPostgreSqlAttribute().SkipReason;

    /// <inheritdoc />
    protected override async Task<CoordinatorStorageOptions> CreateDatabaseAsync()
    {
        // Throws with the variable's name when it is missing (in CI, where the tests must not skip).
        _database = await PostgresDatabase.CreateAsync("tx_storage_compliance");
        return new CoordinatorStorageOptions
        {
            Provider = StorageProvider.PostgreSql,
            ConnectionString = _database.ConnectionString,
        };
    }

    /// <inheritdoc />
    protected override async Task DropDatabaseAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
