using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Transactions.ReliableMessage.Storage;

/// <summary>
/// Applies the schema migrations at start when <see cref="MessageStorageOptions.ShouldAutoMigrate"/>. Registered
/// before the engine's hosted services, so the worker id lease and recovery find their tables.
/// </summary>
public sealed partial class MessageStorageMigrator(
    IDbContextFactory<MessageDbContext> contextFactory,
    IOptions<MessageStorageOptions> options,
    ILogger<MessageStorageMigrator> logger) : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.ShouldAutoMigrate)
        {
            return;
        }

        var context = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            // Npgsql's migrator reads the history table before creating it, and EF logs that failed read at Error on an
            // empty database ("Failed executing DbCommand ... __EFMigrationsHistory", npgsql/efcore.pg#3407) although
            // nothing is wrong: create it first (IF NOT EXISTS), so a healthy first start logs no error.
            if (context.Database.IsNpgsql())
            {
                await context.Database.ExecuteSqlRawAsync(context.GetService<IHistoryRepository>().GetCreateIfNotExistsScript(), cancellationToken).ConfigureAwait(false);
            }

            await context.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        }

        LogMigrated(logger, options.Value.Provider);
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Reliable-message schema migrated ({Provider})")]
    private static partial void LogMigrated(ILogger logger, MessageStorageProvider provider);
}
