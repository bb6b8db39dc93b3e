using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Transactions.Common.Storage;
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

    /// <summary>The Npgsql settings the store runs with, see <see cref="PostgreSqlConnectionTuning"/>.</summary>
    internal static string TunePostgreSql(string connectionString) =>
        PostgreSqlConnectionTuning.Tune(connectionString, CoordinatorStorageDefaults.PostgreSqlMaxAutoPrepare);

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
}
