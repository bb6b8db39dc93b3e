namespace Samples.Hosting.Database;

/// <summary>A sample service's own database, bound from the <c>Database</c> section.</summary>
public sealed class SampleDatabaseOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Database";

    /// <summary>The engine. Default: <see cref="SampleDatabaseProvider.Sqlite"/>.</summary>
    public SampleDatabaseProvider Provider { get; set; } = SampleDatabaseProvider.Sqlite;

    /// <summary>
    /// The connection string. Default: null, which means <c>Data Source={application}.db</c> in the working
    /// directory for SQLite; required for PostgreSQL (the database is created at start when missing).
    /// </summary>
    public string? ConnectionString { get; set; }
}
