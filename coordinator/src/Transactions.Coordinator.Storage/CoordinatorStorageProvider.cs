namespace Transactions.Coordinator.Storage;

/// <summary>Database engines the coordinator's store runs on.</summary>
public enum CoordinatorStorageProvider
{
    /// <summary>Embedded SQLite file (the zero set-up default; one machine).</summary>
    Sqlite = 0,

    /// <summary>PostgreSQL (several coordinator instances may share one database).</summary>
    PostgreSql = 1,

    /// <summary>SQL Server (several coordinator instances may share one database).</summary>
    SqlServer = 2,
}
