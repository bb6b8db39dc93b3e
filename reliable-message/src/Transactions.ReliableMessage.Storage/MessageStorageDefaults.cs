using Transactions.Storage;

namespace Transactions.ReliableMessage.Storage;

/// <summary>
/// Defaults of <see cref="MessageStorageOptions"/> and fixed names of the reliable-message store. The defaults every
/// store shares (section name, provider, SQLite busy timeout) are in <see cref="StorageDefaults"/>.
/// </summary>
public static class MessageStorageDefaults
{
    /// <summary>Default connection string: a SQLite file next to the process.</summary>
    public const string ConnectionString = "Data Source=reliable-message.db";

    /// <summary>Npgsql's <c>Max Auto Prepare</c> applied when the connection string does not set it.</summary>
    public const int PostgreSqlMaxAutoPrepare = 64;

    /// <summary>Migrations assembly for <see cref="StorageProvider.Sqlite"/>.</summary>
    public const string SqliteMigrationsAssembly = "Transactions.ReliableMessage.Migrations.Sqlite";

    /// <summary>Migrations assembly for <see cref="StorageProvider.PostgreSql"/>.</summary>
    public const string PostgreSqlMigrationsAssembly = "Transactions.ReliableMessage.Migrations.PostgreSql";

    /// <summary>Migrations assembly for <see cref="StorageProvider.SqlServer"/>.</summary>
    public const string SqlServerMigrationsAssembly = "Transactions.ReliableMessage.Migrations.SqlServer";

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
