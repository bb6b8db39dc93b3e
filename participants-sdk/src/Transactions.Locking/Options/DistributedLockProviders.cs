namespace Transactions.Locking;

/// <summary>Values of <see cref="DistributedLockOptions.Provider"/>.</summary>
public static class DistributedLockProviders
{
    /// <summary>SQLite through Microsoft.Data.Sqlite.</summary>
    public const string Sqlite = "Sqlite";

    /// <summary>PostgreSQL through Npgsql.</summary>
    public const string PostgreSql = "PostgreSql";

    /// <summary>SQL Server through Microsoft.Data.SqlClient.</summary>
    public const string SqlServer = "SqlServer";

    /// <summary>Whether <paramref name="provider"/> names one of these (any case).</summary>
    /// <param name="provider">A <see cref="DistributedLockOptions.Provider"/> value.</param>
    /// <returns>True for Sqlite, PostgreSql or SqlServer.</returns>
    public static bool IsKnown(string? provider) =>
        string.Equals(provider, Sqlite, StringComparison.OrdinalIgnoreCase)
        || string.Equals(provider, PostgreSql, StringComparison.OrdinalIgnoreCase)
        || string.Equals(provider, SqlServer, StringComparison.OrdinalIgnoreCase);
}
