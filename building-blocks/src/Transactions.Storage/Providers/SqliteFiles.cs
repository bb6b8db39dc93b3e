using Microsoft.Data.Sqlite;

namespace Transactions.Storage.Providers;

/// <summary>Where a SQLite connection string keeps its database.</summary>
internal static class SqliteFiles
{
    /// <summary>The directory of a SQLite file database, or null (in-memory, a <c>file:</c> URI, or the current directory).</summary>
    /// <param name="connectionString">A SQLite connection string.</param>
    public static string? DirectoryOf(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:" || dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        return string.IsNullOrEmpty(directory) ? null : directory;
    }
}
