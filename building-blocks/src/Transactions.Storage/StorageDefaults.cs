namespace Transactions.Storage;

/// <summary>Defaults of <see cref="StorageOptions"/> common to every store, and fixed names.</summary>
public static class StorageDefaults
{
    /// <summary>Default configuration section, relative to the host's configuration root: <c>Storage</c>.</summary>
    public const string SectionName = "Storage";

    /// <summary>Default provider: <see cref="StorageProvider.Sqlite"/>.</summary>
    public const StorageProvider Provider = StorageProvider.Sqlite;

    /// <summary>How long a SQLite connection waits for another writer before failing, when no command timeout is set: 30 s.</summary>
    public const int SqliteBusyTimeoutMs = 30_000;
}
