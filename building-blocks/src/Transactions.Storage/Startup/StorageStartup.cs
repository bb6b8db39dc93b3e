using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Transactions.Storage;

/// <summary>
/// Validates a store's options and, when <see cref="StorageOptions.AutoMigrate"/> is in effect, migrates the
/// schema. Runs in <see cref="IHostedLifecycleService.StartingAsync"/>, before any hosted service's
/// <c>StartAsync</c>, so nothing touches the database before the schema is there.
/// </summary>
/// <typeparam name="TContext">The store's context.</typeparam>
/// <typeparam name="TOptions">The store's options.</typeparam>
internal sealed class StorageStartup<TContext, TOptions>(
    IOptions<TOptions> options,
    StorageSettingName<TOptions> settingName,
    StorageMigrator<TContext, TOptions> migrator) : IHostedLifecycleService
    where TContext : DbContext
    where TOptions : StorageOptions
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        settings.Validate(settingName.Prefix);
        if (settings.ShouldAutoMigrate)
        {
            await migrator.MigrateAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
