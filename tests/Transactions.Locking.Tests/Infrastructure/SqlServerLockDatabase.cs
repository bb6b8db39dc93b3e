using System.Data.Common;
using Microsoft.Data.SqlClient;
using Transactions.Testing;

namespace Transactions.Locking.Tests.Infrastructure;

/// <summary>
/// A database created for one test on the SQL Server of <see cref="SqlServerTestServer"/> (<c>TX_TEST_SQLSERVER</c>, or
/// a Testcontainers SQL Server when a Docker engine is reachable) and dropped afterwards.
/// </summary>
public sealed class SqlServerLockDatabase : LockDatabase
{
    private readonly string _server;
    private readonly string _name;

    private SqlServerLockDatabase(string server, string name)
    {
        _server = server;
        _name = name;
        ConnectionString = new SqlConnectionStringBuilder(server) { InitialCatalog = name }.ConnectionString;
    }

    /// <inheritdoc />
    public override string Provider => DistributedLockProviders.SqlServer;

    /// <inheritdoc />
    public override string ConnectionString { get; }

    /// <summary>Creates the database.</summary>
    public static async Task<SqlServerLockDatabase> CreateAsync()
    {
        var server = await SqlServerTestServer.GetConnectionStringAsync(CancellationToken.None);
        var name = $"tx_lock_{Guid.NewGuid():N}";
        await using var connection = new SqlConnection(server);
        await connection.OpenAsync();
        await using var command = new SqlCommand($"CREATE DATABASE [{name}]", connection);
        await command.ExecuteNonQueryAsync();
        return new SqlServerLockDatabase(server, name);
    }

    /// <inheritdoc />
    public override async Task<DbConnection> OpenAsync()
    {
        var connection = new SqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        SqlConnection.ClearAllPools();
        await using var connection = new SqlConnection(_server);
        await connection.OpenAsync();
        await using var command = new SqlCommand(
            $"IF DB_ID('{_name}') IS NOT NULL BEGIN ALTER DATABASE [{_name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{_name}]; END",
            connection);
        await command.ExecuteNonQueryAsync();
    }
}
