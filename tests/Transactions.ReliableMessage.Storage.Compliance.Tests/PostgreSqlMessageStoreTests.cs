using Transactions.ReliableMessage.Storage;
using Transactions.Testing;

namespace Transactions.ReliableMessage.Storage.Compliance.Tests;

/// <summary>The compliance suite on a real PostgreSQL (a fresh database per test; the PostgreSQL fast paths).</summary>
[RequiresEnvironmentVariable(TestEnvironment.PostgresVariable)]
public sealed class PostgreSqlMessageStoreTests : MessageStoreComplianceTests
{
    private PostgresDatabase? _database;

    protected override async Task<MessageStorageOptions> CreateDatabaseAsync()
    {
        _database = await PostgresDatabase.CreateAsync("rm_store");
        return new MessageStorageOptions { Provider = MessageStorageProvider.PostgreSql, ConnectionString = _database.ConnectionString };
    }

    protected override async Task DropDatabaseAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
