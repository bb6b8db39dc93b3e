using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transactions.Storage.Providers;

namespace Transactions.Storage;

/// <summary>
/// Applies a store's migrations for the configured provider. Runs at start-up when
/// <see cref="StorageOptions.AutoMigrate"/> is in effect; hosts and tests may call it themselves.
/// Safe with several instances starting at once (EF Core takes a migration lock).
/// Each service derives its own migrator (its context, its options, its log category).
/// </summary>
/// <typeparam name="TContext">The store's context.</typeparam>
/// <typeparam name="TOptions">The store's options.</typeparam>
/// <param name="contextFactory">Creates the store's contexts.</param>
/// <param name="options">The store's options.</param>
/// <param name="logger">Where the migration is logged.</param>
public abstract class StorageMigrator<TContext, TOptions>(
    IDbContextFactory<TContext> contextFactory,
    IOptions<TOptions> options,
    ILogger logger)
    where TContext : DbContext
    where TOptions : StorageOptions
{
    /// <summary>Brings the schema up to date, creating the directory of a SQLite file first.</summary>
    /// <param name="cancellationToken">Cancels the migration.</param>
    /// <exception cref="InvalidOperationException">The provider's migrations assembly is not available or holds no migrations.</exception>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var assemblyName = settings.EffectiveMigrationsAssembly;
        EnsureMigrationsAssembly(assemblyName, settings.Provider);
        if (settings.Provider == StorageProvider.Sqlite
            && SqliteFiles.DirectoryOf(settings.ConnectionString!) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }

        var context = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            if (!context.Database.GetMigrations().Any())
            {
                throw new InvalidOperationException(
                    $"The assembly {assemblyName} holds no migrations for the {settings.StoreName} {settings.Provider} store.");
            }

            StorageLog.Migrating(logger, settings.StoreName, settings.Provider, assemblyName);
            // Npgsql's migrator reads the history table before creating it, and EF logs that failed read at Error on an
            // empty database ("Failed executing DbCommand ... __EFMigrationsHistory", npgsql/efcore.pg#3407) although
            // nothing is wrong: create it first (IF NOT EXISTS), so a healthy first start logs no error.
            if (context.Database.IsNpgsql())
            {
                await context.Database.ExecuteSqlRawAsync(context.GetService<IHistoryRepository>().GetCreateIfNotExistsScript(), cancellationToken).ConfigureAwait(false);
            }

            await context.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static void EnsureMigrationsAssembly(string assemblyName, StorageProvider provider)
    {
        try
        {
            Assembly.Load(new AssemblyName(assemblyName));
        }
        catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            throw new InvalidOperationException(
                $"The migrations assembly {assemblyName} of the {provider} store cannot be loaded: the host must reference " +
                $"the project migrations/{assemblyName}/{assemblyName}.csproj (or set AutoMigrate to false and apply " +
                $"migrations/sql/ scripts).",
                ex);
        }
    }
}
