namespace Transactions.Coordinator.Storage;

/// <summary>Defaults of <see cref="CoordinatorStorageOptions"/> and fixed names.</summary>
public static class CoordinatorStorageDefaults
{
    /// <summary>Default configuration section, relative to the host's configuration root.</summary>
    public const string SectionName = "Storage";

    /// <summary>Default provider: <see cref="CoordinatorStorageProvider.Sqlite"/>.</summary>
    public const CoordinatorStorageProvider Provider = CoordinatorStorageProvider.Sqlite;

    /// <summary>Default connection string: a SQLite file next to the process.</summary>
    public const string ConnectionString = "Data Source=coordinator.db";

    /// <summary>How long a SQLite connection waits for another writer before failing: 30 s.</summary>
    public const int SqliteBusyTimeoutMs = 30_000;

    /// <summary>
    /// Npgsql's <c>Max Auto Prepare</c> applied when the connection string does not set it: the store
    /// runs a handful of statements over and over, so server-side prepared statements pay off.
    /// </summary>
    public const int PostgreSqlMaxAutoPrepare = 32;

    /// <summary>Most statements in one group-commit batch on PostgreSQL: 64.</summary>
    public const int GroupCommitMaxStatements = 64;

    /// <summary>Group-commit batches in flight at once on PostgreSQL (one connection each): 2.</summary>
    public const int GroupCommitConnections = 2;

    /// <summary>Migrations assembly for <see cref="CoordinatorStorageProvider.Sqlite"/>.</summary>
    public const string SqliteMigrationsAssembly = "Transactions.Coordinator.Migrations.Sqlite";

    /// <summary>Migrations assembly for <see cref="CoordinatorStorageProvider.PostgreSql"/>.</summary>
    public const string PostgreSqlMigrationsAssembly = "Transactions.Coordinator.Migrations.PostgreSql";

    /// <summary>Migrations assembly for <see cref="CoordinatorStorageProvider.SqlServer"/>.</summary>
    public const string SqlServerMigrationsAssembly = "Transactions.Coordinator.Migrations.SqlServer";

    /// <summary>The migrations assembly of <paramref name="provider"/>.</summary>
    public static string MigrationsAssemblyFor(CoordinatorStorageProvider provider) => provider switch
    {
        CoordinatorStorageProvider.Sqlite => SqliteMigrationsAssembly,
        CoordinatorStorageProvider.PostgreSql => PostgreSqlMigrationsAssembly,
        CoordinatorStorageProvider.SqlServer => SqlServerMigrationsAssembly,
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown storage provider."),
    };
}
