using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Transactions.Testing;

namespace Transactions.Participants.Fence.Tests.Infrastructure;

/// <summary>
/// A uniquely named database on the SQL Server of <see cref="SqlServerTestServer"/> (<c>TX_TEST_SQLSERVER</c>, or the
/// test process's Testcontainers SQL Server), created for one test class and dropped after it; the fence keeps its
/// default table in <c>dbo</c>. Without a SQL Server it does nothing: the tests are then skipped by
/// <see cref="DatabaseFactAttribute"/> (<see cref="RequiresSqlServerAttribute"/>).
/// </summary>
public sealed class SqlServerFenceDatabase : FenceDatabase
{
    private readonly string databaseName = $"tx_fence_tests_{Guid.NewGuid():N}";
    private string? serverConnectionString;

    private string ConnectionString => new SqlConnectionStringBuilder(
        serverConnectionString
        ?? throw new InvalidOperationException(SqlServerTestServer.SkipReason ?? "The SQL Server fence database is not initialized."))
    {
        InitialCatalog = databaseName,
    }.ConnectionString;

    public override void Configure(DbContextOptionsBuilder builder) => builder.UseSqlServer(ConnectionString);

    public override async Task InitializeAsync()
    {
        if (SqlServerTestServer.SkipReason is not null)
        {
            return;
        }

        serverConnectionString = await SqlServerTestServer.GetConnectionStringAsync(CancellationToken.None);

        // EnsureCreated creates the database as well as the tables.
        await CreateSchemaAsync();
    }

    public override async Task DisposeAsync()
    {
        if (serverConnectionString is null)
        {
            return;
        }

        SqlConnection.ClearAllPools();
        var master = new SqlConnectionStringBuilder(serverConnectionString) { InitialCatalog = "master" };
        await using var connection = new SqlConnection(master.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            IF DB_ID(N'{databaseName}') IS NOT NULL
            BEGIN
                ALTER DATABASE [{databaseName}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE;
                DROP DATABASE [{databaseName}];
            END
            """;
        await command.ExecuteNonQueryAsync();
    }
}
