namespace Samples.Hosting.Database;

/// <summary>The database engines the samples run on.</summary>
public enum SampleDatabaseProvider
{
    /// <summary>A local file; no set-up (the one-command demo).</summary>
    Sqlite,

    /// <summary>A PostgreSQL server (the end-to-end tests).</summary>
    PostgreSql,
}
