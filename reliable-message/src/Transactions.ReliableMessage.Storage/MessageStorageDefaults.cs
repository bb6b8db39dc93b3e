namespace Transactions.ReliableMessage.Storage;

/// <summary>Defaults of <see cref="MessageStorageOptions"/> and fixed names.</summary>
public static class MessageStorageDefaults
{
    /// <summary>Default configuration section, relative to the host's configuration root.</summary>
    public const string SectionName = "Storage";

    /// <summary>Default provider: <see cref="MessageStorageProvider.Sqlite"/>.</summary>
    public const MessageStorageProvider Provider = MessageStorageProvider.Sqlite;

    /// <summary>Default connection string: a SQLite file next to the process.</summary>
    public const string ConnectionString = "Data Source=reliable-message.db";

    /// <summary>How long a SQLite connection waits for another writer before failing: 30 s.</summary>
    public const int SqliteBusyTimeoutMs = 30_000;

    /// <summary>Npgsql's <c>Max Auto Prepare</c> applied when the connection string does not set it.</summary>
    public const int PostgreSqlMaxAutoPrepare = 64;

    /// <summary>Migrations assembly for <see cref="MessageStorageProvider.Sqlite"/>.</summary>
    public const string SqliteMigrationsAssembly = "Transactions.ReliableMessage.Migrations.Sqlite";

    /// <summary>Migrations assembly for <see cref="MessageStorageProvider.PostgreSql"/>.</summary>
    public const string PostgreSqlMigrationsAssembly = "Transactions.ReliableMessage.Migrations.PostgreSql";

    /// <summary>Migrations assembly for <see cref="MessageStorageProvider.SqlServer"/>.</summary>
    public const string SqlServerMigrationsAssembly = "Transactions.ReliableMessage.Migrations.SqlServer";

    /// <summary>The migrations assembly of <paramref name="provider"/>.</summary>
    public static string MigrationsAssemblyFor(MessageStorageProvider provider) => provider switch
    {
        MessageStorageProvider.Sqlite => SqliteMigrationsAssembly,
        MessageStorageProvider.PostgreSql => PostgreSqlMigrationsAssembly,
        MessageStorageProvider.SqlServer => SqlServerMigrationsAssembly,
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown storage provider."),
    };
}
