using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Transactions.Locking.Tests.Infrastructure;

/// <summary>A SQLite database file in a fresh temporary folder, deleted afterwards.</summary>
public sealed class SqliteLockDatabase : LockDatabase
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tx-lock-").FullName;

    /// <inheritdoc />
    public override string Provider => DistributedLockProviders.Sqlite;

    /// <inheritdoc />
    public override string ConnectionString => $"Data Source={Path.Combine(_folder, "locks.db")}";

    /// <inheritdoc />
    public override async Task<DbConnection> OpenAsync()
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <inheritdoc />
    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A pooled connection of another test may still hold the file for a moment; the folder is temporary.
        }

        return ValueTask.CompletedTask;
    }
}
