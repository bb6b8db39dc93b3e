using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Transactions.Participants.Fence.Tests.Infrastructure;

/// <summary>
/// A SQLite database in a temporary FILE (not in-memory): every context opens its own connection, so
/// concurrent calls really compete for the database's write lock.
/// </summary>
public sealed class SqliteFenceDatabase : FenceDatabase
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"tx-fence-tests-{Guid.NewGuid():N}.db");

    private string ConnectionString => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        // Writers wait for the lock (busy timeout) instead of failing at once.
        DefaultTimeout = 60,
    }.ToString();

    public override void Configure(DbContextOptionsBuilder builder) => builder.UseSqlite(ConnectionString);

    public override async Task InitializeAsync()
    {
        await CreateSchemaAsync();
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        await command.ExecuteNonQueryAsync();
    }

    public override Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }

        return Task.CompletedTask;
    }
}
