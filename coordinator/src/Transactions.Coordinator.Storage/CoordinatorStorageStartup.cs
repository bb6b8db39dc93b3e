using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Transactions.Coordinator.Storage;

/// <summary>
/// Validates the storage options and, when <see cref="CoordinatorStorageOptions.AutoMigrate"/> is in effect,
/// migrates the schema. Runs in <see cref="IHostedLifecycleService.StartingAsync"/>, before any hosted
/// service's <c>StartAsync</c>, so nothing touches the database before the schema is there.
/// </summary>
internal sealed class CoordinatorStorageStartup(
    IOptions<CoordinatorStorageOptions> options,
    CoordinatorStorageSettingName settingName,
    CoordinatorStorageMigrator migrator) : IHostedLifecycleService
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
