using Transactions.ReliableMessage.Storage;
using Transactions.Storage;

namespace Transactions.ReliableMessage.Storage.Compliance.Tests;

/// <summary>The compliance suite on SQLite (a temp file per test, WAL, the portable code paths).</summary>
public sealed class SqliteMessageStoreTests : MessageStoreComplianceTests
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"rm-store-{Guid.NewGuid():N}.db");

    protected override Task<MessageStorageOptions> CreateDatabaseAsync() => Task.FromResult(new MessageStorageOptions
    {
        Provider = StorageProvider.Sqlite,
        ConnectionString = $"Data Source={_path}",
    });

    protected override Task DropDatabaseAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }

        return Task.CompletedTask;
    }
}
