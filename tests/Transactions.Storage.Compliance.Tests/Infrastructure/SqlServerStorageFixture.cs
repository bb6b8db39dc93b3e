using Microsoft.Data.SqlClient;
using Transactions.Coordinator.Storage;
using Transactions.Testing;

namespace Transactions.Storage.Compliance.Tests.Infrastructure;

/// <summary>
/// A database of its own on the SQL Server of <see cref="SqlServerTestServer"/> (<c>TX_TEST_SQLSERVER</c>, or the
/// test process's container), dropped afterwards.
/// </summary>
public sealed class SqlServerStorageFixture : StorageFixture
{
    private readonly string _name = $"tx_storage_compliance_{Guid.NewGuid():N}";
    private string? _serverConnectionString;

    /// <inheritdoc />
    protected override string? SkipReason => new RequiresSqlServerAttribute().SkipReason;

    /// <inheritdoc />
    protected override async Task<CoordinatorStorageOptions> CreateDatabaseAsync()
    {
        _serverConnectionString = await SqlServerTestServer.GetConnectionStringAsync(CancellationToken.None);
        await ExecuteOnServerAsync($"CREATE DATABASE [{_name}]");
        var builder = new SqlConnectionStringBuilder(_serverConnectionString) { InitialCatalog = _name };
        return new CoordinatorStorageOptions
        {
            Provider = StorageProvider.SqlServer,
            ConnectionString = builder.ConnectionString,
        };
    }

    /// <inheritdoc />
    protected override async Task DropDatabaseAsync()
    {
        if (_serverConnectionString is null)
        {
            return;
        }

        SqlConnection.ClearAllPools();
        await ExecuteOnServerAsync($"""
            IF DB_ID(N'{_name}') IS NOT NULL
            BEGIN
                ALTER DATABASE [{_name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE;
                DROP DATABASE [{_name}];
            END
            """);
    }

    private async Task ExecuteOnServerAsync(string sql)
    {
        var builder = new SqlConnectionStringBuilder(_serverConnectionString) { InitialCatalog = "master" };
        await using var connection = new SqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new SqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
