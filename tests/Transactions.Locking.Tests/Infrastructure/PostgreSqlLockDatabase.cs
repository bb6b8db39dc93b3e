using System.Data.Common;
using Npgsql;
using Transactions.Testing;

namespace Transactions.Locking.Tests.Infrastructure;

/// <summary>A PostgreSQL database created for one test on the server of <c>TX_TEST_POSTGRES</c> and dropped afterwards.</summary>
public sealed class PostgreSqlLockDatabase : LockDatabase
{
    private readonly PostgresDatabase _database;

    private PostgreSqlLockDatabase(PostgresDatabase database) => _database = database;

    /// <inheritdoc />
    public override string Provider => DistributedLockProviders.PostgreSql;

    /// <inheritdoc />
    public override string ConnectionString => _database.ConnectionString;

    /// <summary>Creates the database.</summary>
    public static async Task<PostgreSqlLockDatabase> CreateAsync() => new(await PostgresDatabase.CreateAsync("tx_lock"));

    /// <inheritdoc />
    public override async Task<DbConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <inheritdoc />
    public override ValueTask DisposeAsync() => _database.DisposeAsync();
}
