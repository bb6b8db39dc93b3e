using Microsoft.Data.SqlClient;
using Transactions.ReliableMessage.Storage;
using Transactions.Storage;
using Transactions.Testing;

namespace Transactions.ReliableMessage.Storage.Compliance.Tests;

/// <summary>
/// The compliance suite on SQL Server (a fresh database per test): the server of <c>TX_TEST_SQLSERVER</c>, else a
/// Testcontainers SQL Server shared by the test process when a Docker engine is reachable
/// (<see cref="SqlServerTestServer"/>); skipped with the reason otherwise, in CI too: no SQL Server engine and no
/// Docker engine run on these machines.
/// </summary>
[RequiresSqlServer]
public sealed class SqlServerMessageStoreTests : MessageStoreComplianceTests
{
    private readonly string _name = $"rm_store_{Guid.NewGuid():N}";
    private string? _server;

    protected override async Task<MessageStorageOptions> CreateDatabaseAsync()
    {
        _server = await SqlServerTestServer.GetConnectionStringAsync(CancellationToken.None);
        await using (var connection = new SqlConnection(_server))
        {
            await connection.OpenAsync();
            await using var command = new SqlCommand($"CREATE DATABASE [{_name}]", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new MessageStorageOptions
        {
            Provider = StorageProvider.SqlServer,
            ConnectionString = new SqlConnectionStringBuilder(_server) { InitialCatalog = _name }.ConnectionString,
        };
    }

    protected override async Task DropDatabaseAsync()
    {
        if (_server is not { } server)
        {
            return;
        }

        SqlConnection.ClearAllPools();
        await using var connection = new SqlConnection(server);
        await connection.OpenAsync();
        await using var command = new SqlCommand($"IF DB_ID('{_name}') IS NOT NULL BEGIN ALTER DATABASE [{_name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{_name}]; END", connection);
        await command.ExecuteNonQueryAsync();
    }
}
