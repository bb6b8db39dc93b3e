using Microsoft.Data.Sqlite;
using Transactions.Coordinator.Storage;

namespace Transactions.Storage.Compliance.Tests.Infrastructure;

/// <summary>A temporary SQLite file.</summary>
public sealed class SqliteStorageFixture : StorageFixture
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"tx-storage-compliance-{Guid.NewGuid():N}.db");

    /// <inheritdoc />
    protected override string? SkipReason => null;

    /// <inheritdoc />
    protected override Task<CoordinatorStorageOptions> CreateDatabaseAsync() => Task.FromResult(new CoordinatorStorageOptions
    {
        Provider = StorageProvider.Sqlite,
        ConnectionString = $"Data Source={_path}",
    });

    /// <inheritdoc />
    protected override Task DropDatabaseAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }

        return Task.CompletedTask;
    }
}
