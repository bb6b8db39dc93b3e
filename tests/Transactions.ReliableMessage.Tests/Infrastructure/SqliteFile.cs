using Microsoft.Data.Sqlite;

namespace Transactions.ReliableMessage.Tests.Infrastructure;

/// <summary>A temp SQLite file deleted on dispose.</summary>
public sealed class SqliteFile : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"rm-unit-{Guid.NewGuid():N}.db");

    public string ConnectionString => $"Data Source={Path}";

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            File.Delete(Path + suffix);
        }
    }
}
