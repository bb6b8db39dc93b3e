using Transactions.Testing;

namespace Transactions.Console.BrowserTests.Infrastructure;

/// <summary>Where the browser tests' real coordinator stores its data: PostgreSQL when TX_TEST_POSTGRES is set, else SQLite.</summary>
internal static class CoordinatorDatabase
{
    /// <summary>
    /// A fresh PostgreSQL database named after <paramref name="prefix"/> (added to <paramref name="owned"/>), or a
    /// SQLite file in <paramref name="sqliteDirectory"/> (created; the test deletes it).
    /// </summary>
    public static async Task<(string Provider, string ConnectionString)> CreateAsync(string prefix, string sqliteDirectory, ICollection<IAsyncDisposable> owned)
    {
        if (TestEnvironment.PostgresConnectionString is not null)
        {
            var database = await PostgresDatabase.CreateAsync(prefix);
            owned.Add(database);
            return ("PostgreSql", database.ConnectionString);
        }

        Directory.CreateDirectory(sqliteDirectory);
        return ("Sqlite", $"Data Source={Path.Combine(sqliteDirectory, "coordinator.db")}");
    }
}
