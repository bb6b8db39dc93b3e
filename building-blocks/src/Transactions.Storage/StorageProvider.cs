namespace Transactions.Storage;

/// <summary>Database engines a service's store runs on (the <c>Storage:Provider</c> setting).</summary>
public enum StorageProvider
{
    /// <summary>Embedded SQLite file (the zero set-up default; one machine).</summary>
    Sqlite = 0,

    /// <summary>PostgreSQL (several service instances may share one database).</summary>
    PostgreSql = 1,

    /// <summary>SQL Server (several service instances may share one database).</summary>
    SqlServer = 2,
}
