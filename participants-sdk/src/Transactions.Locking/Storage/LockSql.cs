namespace Transactions.Locking;

/// <summary>
/// The SQL of the lock table. SQLite (3.35 or later) and PostgreSQL share one acquire statement
/// (<c>INSERT ... ON CONFLICT ... DO UPDATE ... WHERE ... RETURNING</c>); SQL Server has no such upsert and takes
/// the lease with one <c>MERGE ... WITH (HOLDLOCK)</c> (the key-range lock makes the read and the write of a
/// missing or expired row one atomic step, so two acquirers cannot both win). Renew, release and read are the same
/// text everywhere. Times are Unix milliseconds of the application's <see cref="TimeProvider"/>. The table name was
/// validated as an identifier by <see cref="DistributedLockOptionsValidator"/>, so interpolating it is safe; every
/// value is a parameter.
/// </summary>
internal sealed class LockSql
{
    /// <summary>The statements for <paramref name="provider"/> (a <see cref="DistributedLockProviders"/> name, any case).</summary>
    public LockSql(string table, string provider)
    {
        var postgreSql = string.Equals(provider, DistributedLockProviders.PostgreSql, StringComparison.OrdinalIgnoreCase);
        var sqlServer = string.Equals(provider, DistributedLockProviders.SqlServer, StringComparison.OrdinalIgnoreCase);
        CreateTable = sqlServer ? SqlServerDdl(table) : postgreSql ? PostgreSqlDdl(table) : SqliteDdl(table);

        // One atomic statement: a new resource gets token 1; a free or expired row is taken over with the token + 1;
        // a row held by a live lease is left alone and nothing is returned.
        Acquire = sqlServer
            ? $"""
                MERGE {table} WITH (HOLDLOCK) AS t
                USING (SELECT @resource AS resource) AS s ON t.resource = s.resource
                WHEN MATCHED AND (t.owner IS NULL OR t.expires_at_ms <= @now) THEN
                    UPDATE SET owner = @owner, fencing_token = t.fencing_token + 1, acquired_at_ms = @now, expires_at_ms = @expires
                WHEN NOT MATCHED THEN
                    INSERT (resource, owner, fencing_token, acquired_at_ms, expires_at_ms) VALUES (@resource, @owner, 1, @now, @expires)
                OUTPUT inserted.fencing_token;
                """
            : $"""
                INSERT INTO {table} (resource, owner, fencing_token, acquired_at_ms, expires_at_ms)
                VALUES (@resource, @owner, 1, @now, @expires)
                ON CONFLICT (resource) DO UPDATE
                SET owner = excluded.owner,
                    fencing_token = {table}.fencing_token + 1,
                    acquired_at_ms = excluded.acquired_at_ms,
                    expires_at_ms = excluded.expires_at_ms
                WHERE {table}.owner IS NULL OR {table}.expires_at_ms <= @now
                RETURNING fencing_token
                """;

        // Only the same acquisition (owner AND token) may extend the lease, and only before it expired.
        Renew = $"""
            UPDATE {table} SET expires_at_ms = @expires
            WHERE resource = @resource AND owner = @owner AND fencing_token = @token AND expires_at_ms > @now
            """;

        // The row stays (owner NULL) so that the next acquisition continues the token sequence.
        Release = $"""
            UPDATE {table} SET owner = NULL, expires_at_ms = 0
            WHERE resource = @resource AND owner = @owner AND fencing_token = @token
            """;

        Read = $"SELECT owner, fencing_token, expires_at_ms FROM {table} WHERE resource = @resource";
    }

    /// <summary>CREATE TABLE IF NOT EXISTS for the provider.</summary>
    public string CreateTable { get; }

    /// <summary>Takes a free or expired lease; returns the new fencing token, or no row.</summary>
    public string Acquire { get; }

    /// <summary>Extends a live lease of the same acquisition; one row affected on success.</summary>
    public string Renew { get; }

    /// <summary>Frees the lease of the same acquisition; one row affected when it was still ours.</summary>
    public string Release { get; }

    /// <summary>Reads one resource's row.</summary>
    public string Read { get; }

    /// <summary>The SQLite DDL (same text as <c>migrations/sql/distributed-lock.sqlite.sql</c> for the default table).</summary>
    public static string SqliteDdl(string table) => $"""
        CREATE TABLE IF NOT EXISTS {table} (
            resource TEXT NOT NULL PRIMARY KEY,
            owner TEXT NULL,
            fencing_token INTEGER NOT NULL,
            acquired_at_ms INTEGER NOT NULL,
            expires_at_ms INTEGER NOT NULL
        );
        """;

    /// <summary>The PostgreSQL DDL (same text as <c>migrations/sql/distributed-lock.postgresql.sql</c> for the default table).</summary>
    public static string PostgreSqlDdl(string table) => $"""
        CREATE TABLE IF NOT EXISTS {table} (
            resource VARCHAR(512) NOT NULL PRIMARY KEY,
            owner VARCHAR(512) NULL,
            fencing_token BIGINT NOT NULL,
            acquired_at_ms BIGINT NOT NULL,
            expires_at_ms BIGINT NOT NULL
        );
        """;

    /// <summary>
    /// The SQL Server DDL (same text as <c>migrations/sql/distributed-lock.sqlserver.sql</c> for the default table):
    /// created when missing (two processes racing here: one fails with error 2714, which the store ignores).
    /// </summary>
    public static string SqlServerDdl(string table) => $"""
        IF OBJECT_ID(N'{table}', N'U') IS NULL
        CREATE TABLE {table} (
            resource NVARCHAR(512) NOT NULL PRIMARY KEY,
            owner NVARCHAR(512) NULL,
            fencing_token BIGINT NOT NULL,
            acquired_at_ms BIGINT NOT NULL,
            expires_at_ms BIGINT NOT NULL
        );
        """;
}
