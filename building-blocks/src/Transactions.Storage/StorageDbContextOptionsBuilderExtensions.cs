using Microsoft.EntityFrameworkCore;
using Transactions.Common.Storage;
using Transactions.Storage.Providers;

namespace Transactions.Storage;

/// <summary>Configures a store's <see cref="DbContext"/> for the provider chosen in its <see cref="StorageOptions"/>.</summary>
public static class StorageDbContextOptionsBuilderExtensions
{
    /// <summary>
    /// Selects the provider, connection string, command timeout and migrations assembly of
    /// <paramref name="options"/>. Used by the runtime, the design-time factories of the migrations
    /// projects and the tests, so all three configure the context the same way. SQLite connections run with
    /// write-ahead logging and a busy timeout (the command timeout, else <see cref="StorageDefaults.SqliteBusyTimeoutMs"/>);
    /// PostgreSQL connection strings get the store's tuning (<see cref="PostgreSqlConnectionTuning"/>).
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="options">Storage options; validated first.</param>
    /// <param name="settingPrefix">How the settings are named in error messages (the configuration section path).</param>
    /// <returns>The builder.</returns>
    /// <exception cref="InvalidOperationException">The options are incomplete (e.g. no connection string).</exception>
    public static DbContextOptionsBuilder UseStorage(
        this DbContextOptionsBuilder builder,
        StorageOptions options,
        string settingPrefix = StorageDefaults.SectionName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(settingPrefix);
        var migrationsAssembly = options.EffectiveMigrationsAssembly;
        var timeout = options.CommandTimeoutSeconds;
        var connectionString = options.ConnectionString!;

        switch (options.Provider)
        {
            case StorageProvider.Sqlite:
                builder.UseSqlite(connectionString, sqlite =>
                {
                    sqlite.MigrationsAssembly(migrationsAssembly);
                    sqlite.CommandTimeout(timeout);
                });
                builder.AddInterceptors(new SqliteConnectionInterceptor(
                    timeout is { } seconds ? seconds * 1000 : StorageDefaults.SqliteBusyTimeoutMs));
                break;

            case StorageProvider.PostgreSql:
                builder.UseNpgsql(PostgreSqlConnectionTuning.Tune(connectionString, options.PostgreSqlMaxAutoPrepare), npgsql =>
                {
                    npgsql.MigrationsAssembly(migrationsAssembly);
                    npgsql.CommandTimeout(timeout);
                });
                break;

            case StorageProvider.SqlServer:
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

    /// <summary>Typed form of <see cref="UseStorage(DbContextOptionsBuilder, StorageOptions, string)"/>.</summary>
    /// <typeparam name="TContext">The context type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="options">Storage options; validated first.</param>
    /// <param name="settingPrefix">How the settings are named in error messages (the configuration section path).</param>
    /// <returns>The builder.</returns>
    /// <exception cref="InvalidOperationException">The options are incomplete (e.g. no connection string).</exception>
    public static DbContextOptionsBuilder<TContext> UseStorage<TContext>(
        this DbContextOptionsBuilder<TContext> builder,
        StorageOptions options,
        string settingPrefix = StorageDefaults.SectionName)
        where TContext : DbContext
    {
        UseStorage((DbContextOptionsBuilder)builder, options, settingPrefix);
        return builder;
    }
}
