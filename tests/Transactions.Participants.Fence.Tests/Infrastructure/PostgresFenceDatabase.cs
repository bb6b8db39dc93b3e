using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Transactions.Participants.Fence.Tests.Infrastructure;

/// <summary>
/// A uniquely named database on the PostgreSQL server given by <see cref="EnvironmentVariable"/>, created
/// for one test class and dropped after it. Without the variable it does nothing: the tests are then
/// skipped (or fail, when <c>CI</c> is set) by <see cref="DatabaseFactAttribute"/>.
/// </summary>
public sealed class PostgresFenceDatabase : FenceDatabase
{
    public const string EnvironmentVariable = "TX_TEST_POSTGRES";

    private readonly string? serverConnectionString = Environment.GetEnvironmentVariable(EnvironmentVariable);
    private readonly string databaseName = $"tx_fence_tests_{Guid.NewGuid():N}";

    private string ConnectionString => new NpgsqlConnectionStringBuilder(
        serverConnectionString
        ?? throw new InvalidOperationException(
            $"Environment variable {EnvironmentVariable} is not set: give a PostgreSQL connection string, "
            + "e.g. 'Host=127.0.0.1;Port=55432;Username=tx;Password=tx;Database=postgres;SSL Mode=Disable'."))
    {
        Database = databaseName,
    }.ToString();

    public override void Configure(DbContextOptionsBuilder builder) => builder.UseNpgsql(ConnectionString);

    public override async Task InitializeAsync()
    {
        if (serverConnectionString is null)
        {
            return;
        }

        await CreateSchemaAsync();
    }

    public override async Task DisposeAsync()
    {
        if (serverConnectionString is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(serverConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"DROP DATABASE IF EXISTS \"{databaseName}\" WITH (FORCE)";
        await command.ExecuteNonQueryAsync();
    }
}
