namespace Transactions.Locking;

/// <summary>Values of <see cref="DistributedLockOptions.Provider"/>.</summary>
public static class DistributedLockProviders
{
    /// <summary>SQLite through Microsoft.Data.Sqlite.</summary>
    public const string Sqlite = "Sqlite";

    /// <summary>PostgreSQL through Npgsql.</summary>
    public const string PostgreSql = "PostgreSql";
}
