using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Transactions.Coordinator.Storage.Providers;

namespace Transactions.Coordinator.Storage;

/// <summary>Configures a <see cref="CoordinatorDbContext"/> for the provider chosen in <see cref="CoordinatorStorageOptions"/>.</summary>
public static class CoordinatorDbContextOptionsBuilderExtensions
{
    /// <summary>
    /// Selects the provider, connection string, command timeout and migrations assembly of
    /// <paramref name="options"/>. Used by the runtime, the design-time factories of the migrations
    /// projects and the tests, so all three configure the context the same way.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="options">Storage options; validated first.</param>
    /// <param name="settingPrefix">How the settings are named in error messages (the configuration section path).</param>
    /// <exception cref="InvalidOperationException">The options are incomplete (e.g. no connection string).</exception>
    public static DbContextOptionsBuilder UseCoordinatorStorage(
        this DbContextOptionsBuilder builder,
        CoordinatorStorageOptions options,
        string settingPrefix = CoordinatorStorageDefaults.SectionName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(settingPrefix);
        var migrationsAssembly = options.EffectiveMigrationsAssembly;
        var timeout = options.CommandTimeoutSeconds;
        var connectionString = options.ConnectionString!;

        switch (options.Provider)
        {
            case CoordinatorStorageProvider.Sqlite:
                builder.UseSqlite(connectionString, sqlite =>
                {
                    sqlite.MigrationsAssembly(migrationsAssembly);
                    sqlite.CommandTimeout(timeout);
                });
                builder.AddInterceptors(new SqliteConnectionInterceptor(
                    timeout is { } seconds ? seconds * 1000 : CoordinatorStorageDefaults.SqliteBusyTimeoutMs));
                break;

            case CoordinatorStorageProvider.PostgreSql:
                builder.UseNpgsql(TunePostgreSql(connectionString), npgsql =>
                {
                    npgsql.MigrationsAssembly(migrationsAssembly);
                    npgsql.CommandTimeout(timeout);
                });
                break;

            case CoordinatorStorageProvider.SqlServer:
                builder.UseSqlServer(connectionString, sqlServer =>
                {
                    sqlServer.MigrationsAssembly(migrationsAssembly);
                    sqlServer.CommandTimeout(timeout);
                });
                break;

            default:
                throw new InvalidOperationException($"Unknown storage provider '{options.Provider}'.");
        }

        return builder;
    }

    /// <inheritdoc cref="UseCoordinatorStorage(DbContextOptionsBuilder, CoordinatorStorageOptions, string)"/>
    public static DbContextOptionsBuilder<CoordinatorDbContext> UseCoordinatorStorage(
        this DbContextOptionsBuilder<CoordinatorDbContext> builder,
        CoordinatorStorageOptions options,
        string settingPrefix = CoordinatorStorageDefaults.SectionName) =>
        (DbContextOptionsBuilder<CoordinatorDbContext>)((DbContextOptionsBuilder)builder).UseCoordinatorStorage(options, settingPrefix);

    /// <summary>
    /// Adds the Npgsql settings the store benefits from, unless the connection string sets them:
    /// automatic preparation of the store's few, constantly repeated statements, and no session reset
    /// when a connection returns to the pool (the store sets no session state), and <c>enable_seqscan=off</c> in
    /// the session's options.
    /// </summary>
    /// <remarks>
    /// Why no sequential scans: every statement of the store reaches its rows through an index (by xid, or the
    /// recovery indexes), and automatically prepared statements get a generic plan after five executions. When
    /// that happens while the tables are a few pages large (a new database, statistics from its first minutes),
    /// the generic plan scans the table instead of the index, and stays cached on the connection while the table
    /// grows: the benchmark caught every statement taking 1-2 ms and throughput falling 4x within a minute, until
    /// autovacuum's next ANALYZE invalidated the plans. With sequential scans priced out the planner keeps the
    /// index paths; a query with no index path still scans.
    /// </remarks>
    internal static string TunePostgreSql(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Sets(given, "Max Auto Prepare", "MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = CoordinatorStorageDefaults.PostgreSqlMaxAutoPrepare;
        }

        if (!Sets(given, "No Reset On Close", "NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        if (builder.Options?.Contains("enable_seqscan", StringComparison.OrdinalIgnoreCase) != true)
        {
            builder.Options = string.IsNullOrWhiteSpace(builder.Options)
                ? CoordinatorStorageDefaults.PostgreSqlSessionOptions
                : $"{builder.Options} {CoordinatorStorageDefaults.PostgreSqlSessionOptions}";
        }

        return builder.ConnectionString;
    }

    /// <summary>The directory of a SQLite file database, or null (in-memory, or the current directory).</summary>
    internal static string? SqliteDirectory(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:" || dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        return string.IsNullOrEmpty(directory) ? null : directory;
    }

    private static bool Sets(DbConnectionStringBuilder given, params string[] keys) => keys.Any(given.ContainsKey);
}
