using Transactions.Storage;

namespace Transactions.Coordinator.Storage;

/// <summary>
/// Defaults of <see cref="CoordinatorStorageOptions"/> and fixed names of the coordinator's store. The defaults every
/// store shares (section name, provider, SQLite busy timeout) are in <see cref="StorageDefaults"/>.
/// </summary>
public static class CoordinatorStorageDefaults
{
    /// <summary>Default connection string: a SQLite file next to the process.</summary>
    public const string ConnectionString = "Data Source=coordinator.db";

    /// <summary>
    /// Npgsql's <c>Max Auto Prepare</c> applied when the connection string does not set it: the store
    /// runs a handful of statements over and over, so server-side prepared statements pay off.
    /// </summary>
    public const int PostgreSqlMaxAutoPrepare = 32;

    /// <summary>Most statements in one group-commit batch on PostgreSQL: 64.</summary>
    public const int GroupCommitMaxStatements = 64;

    /// <summary>Group-commit batches in flight at once on PostgreSQL (one connection each): 2.</summary>
    public const int GroupCommitConnections = 2;

    /// <summary>Migrations assembly for <see cref="StorageProvider.Sqlite"/>.</summary>
    public const string SqliteMigrationsAssembly = "Transactions.Coordinator.Migrations.Sqlite";

    /// <summary>Migrations assembly for <see cref="StorageProvider.PostgreSql"/>.</summary>
    public const string PostgreSqlMigrationsAssembly = "Transactions.Coordinator.Migrations.PostgreSql";

    /// <summary>Migrations assembly for <see cref="StorageProvider.SqlServer"/>.</summary>
    public const string SqlServerMigrationsAssembly = "Transactions.Coordinator.Migrations.SqlServer";

    /// <summary>The migrations assembly of <paramref name="provider"/>.</summary>
    /// <param name="provider">The provider.</param>
    public static string MigrationsAssemblyFor(StorageProvider provider) => provider switch
    {
        StorageProvider.Sqlite => SqliteMigrationsAssembly,
        StorageProvider.PostgreSql => PostgreSqlMigrationsAssembly,
        StorageProvider.SqlServer => SqlServerMigrationsAssembly,
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown storage provider."),
    };
}
