namespace Transactions.ReliableMessage.Storage;

/// <summary>Database engines the reliable-message store runs on.</summary>
public enum MessageStorageProvider
{
    /// <summary>Embedded SQLite file (the zero set-up default; one machine).</summary>
    Sqlite = 0,

    /// <summary>PostgreSQL (several service instances may share one database).</summary>
    PostgreSql = 1,

    /// <summary>SQL Server (several service instances may share one database).</summary>
    SqlServer = 2,
}
