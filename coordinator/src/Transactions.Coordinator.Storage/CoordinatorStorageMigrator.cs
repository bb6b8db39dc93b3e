using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Transactions.Coordinator.Storage;

/// <summary>
/// Applies the coordinator's migrations for the configured provider. Runs at start-up when
/// <see cref="CoordinatorStorageOptions.AutoMigrate"/> is on; hosts and tests may call it themselves.
/// Safe with several instances starting at once (EF Core takes a migration lock).
/// </summary>
public sealed partial class CoordinatorStorageMigrator(
    IDbContextFactory<CoordinatorDbContext> contextFactory,
    IOptions<CoordinatorStorageOptions> options,
    ILogger<CoordinatorStorageMigrator> logger)
{
    /// <summary>Brings the schema up to date.</summary>
    /// <exception cref="InvalidOperationException">The provider's migrations assembly is not available.</exception>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var assemblyName = settings.EffectiveMigrationsAssembly;
        EnsureMigrationsAssembly(assemblyName, settings.Provider);
        if (settings.Provider == CoordinatorStorageProvider.Sqlite
            && CoordinatorDbContextOptionsBuilderExtensions.SqliteDirectory(settings.ConnectionString!) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }

        var context = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            if (!context.Database.GetMigrations().Any())
            {
                throw new InvalidOperationException(
                    $"The assembly {assemblyName} holds no migrations for the coordinator's {settings.Provider} store.");
            }

            LogMigrating(logger, settings.Provider, assemblyName);
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

    private static void EnsureMigrationsAssembly(string assemblyName, CoordinatorStorageProvider provider)
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

    [LoggerMessage(EventId = 320, Level = LogLevel.Information, Message = "Migrating the coordinator's {Provider} store with {MigrationsAssembly}")]
    private static partial void LogMigrating(ILogger logger, CoordinatorStorageProvider provider, string migrationsAssembly);
}
