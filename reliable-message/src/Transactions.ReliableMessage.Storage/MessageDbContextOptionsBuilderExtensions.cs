using Microsoft.EntityFrameworkCore;
using Transactions.Common.Storage;
using Transactions.ReliableMessage.Storage.Providers;

namespace Transactions.ReliableMessage.Storage;

/// <summary>Configures a <see cref="MessageDbContext"/> for the provider chosen in <see cref="MessageStorageOptions"/>.</summary>
public static class MessageDbContextOptionsBuilderExtensions
{
    /// <summary>Typed form of <see cref="UseReliableMessageStorage(DbContextOptionsBuilder, MessageStorageOptions, string)"/>.</summary>
    /// <typeparam name="TContext">The context type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="options">Storage options; validated first.</param>
    /// <param name="settingPrefix">How the settings are named in error messages.</param>
    /// <returns>The builder.</returns>
    public static DbContextOptionsBuilder<TContext> UseReliableMessageStorage<TContext>(
        this DbContextOptionsBuilder<TContext> builder,
        MessageStorageOptions options,
        string settingPrefix = MessageStorageDefaults.SectionName)
        where TContext : DbContext
    {
        UseReliableMessageStorage((DbContextOptionsBuilder)builder, options, settingPrefix);
        return builder;
    }

    /// <summary>
    /// Selects the provider, connection string, command timeout and migrations assembly. Used by the runtime, the
    /// design-time factories of the migrations projects and the tests, so all three configure the context alike.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="options">Storage options; validated first.</param>
    /// <param name="settingPrefix">How the settings are named in error messages (the configuration section path).</param>
    /// <returns>The builder.</returns>
    /// <exception cref="InvalidOperationException">The options are incomplete (e.g. no connection string).</exception>
    public static DbContextOptionsBuilder UseReliableMessageStorage(
        this DbContextOptionsBuilder builder,
        MessageStorageOptions options,
        string settingPrefix = MessageStorageDefaults.SectionName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(settingPrefix);
        var migrationsAssembly = options.EffectiveMigrationsAssembly;
        var timeout = options.CommandTimeoutSeconds;
        var connectionString = options.ConnectionString!;
        switch (options.Provider)
        {
            case MessageStorageProvider.Sqlite:
                builder.UseSqlite(connectionString, sqlite =>
                {
                    sqlite.MigrationsAssembly(migrationsAssembly);
                    sqlite.CommandTimeout(timeout);
                });
                builder.AddInterceptors(new SqliteConnectionInterceptor(
                    timeout is { } seconds ? seconds * 1000 : MessageStorageDefaults.SqliteBusyTimeoutMs));
                break;

            case MessageStorageProvider.PostgreSql:
                builder.UseNpgsql(TunePostgreSql(connectionString), npgsql =>
                {
                    npgsql.MigrationsAssembly(migrationsAssembly);
                    npgsql.CommandTimeout(timeout);
                });
                break;

            case MessageStorageProvider.SqlServer:
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

    /// <summary>The Npgsql settings the store runs with, see <see cref="PostgreSqlConnectionTuning"/>.</summary>
    internal static string TunePostgreSql(string connectionString) =>
        PostgreSqlConnectionTuning.Tune(connectionString, MessageStorageDefaults.PostgreSqlMaxAutoPrepare);
}
