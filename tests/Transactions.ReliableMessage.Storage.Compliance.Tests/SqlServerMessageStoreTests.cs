using Microsoft.Data.SqlClient;
using Transactions.ReliableMessage.Storage;
using Transactions.Testing;

namespace Transactions.ReliableMessage.Storage.Compliance.Tests;

/// <summary>
/// The compliance suite on SQL Server when <c>TX_TEST_SQLSERVER</c> names one (a fresh database per test);
/// skipped otherwise, in CI too: no SQL Server engine can run on these machines.
/// </summary>
[RequiresEnvironmentVariable(TestEnvironment.SqlServerVariable, RequiredInCi = false)]
public sealed class SqlServerMessageStoreTests : MessageStoreComplianceTests
{
    private readonly string _name = $"rm_store_{Guid.NewGuid():N}";

    protected override async Task<MessageStorageOptions> CreateDatabaseAsync()
    {
        var server = TestEnvironment.SqlServerConnectionString!;
        await using (var connection = new SqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new SqlCommand($"CREATE DATABASE [{_name}]", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new MessageStorageOptions
        {
            Provider = MessageStorageProvider.SqlServer,
            ConnectionString = new SqlConnectionStringBuilder(server) { InitialCatalog = _name }.ConnectionString,
        };
    }

    protected override async Task DropDatabaseAsync()
    {
        if (TestEnvironment.SqlServerConnectionString is not { } server)
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
