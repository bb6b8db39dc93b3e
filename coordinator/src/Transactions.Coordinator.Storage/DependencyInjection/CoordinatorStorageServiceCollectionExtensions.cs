using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Transactions.Common.Audit;
using Transactions.Common.Ids;
using Transactions.Coordinator.Diagnostics;
using Transactions.Coordinator.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the coordinator's EF Core store.</summary>
public static class CoordinatorStorageServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ITransactionStore"/>, <see cref="ISagaStore"/> and <see cref="IWorkerIdStore"/> on the database described by
    /// <paramref name="configuration"/> (a section with <c>Provider</c>, <c>ConnectionString</c>,
    /// <c>AutoMigrate</c>, <c>CommandTimeoutSeconds</c>, <c>MigrationsAssembly</c>), then <paramref name="configure"/>.
    /// Options are validated and the schema migrated (when AutoMigrate is in effect) as the host starts.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration section, e.g. <c>builder.Configuration.GetSection("Storage")</c>.</param>
    /// <param name="configure">Optional changes applied after binding.</param>
    public static IServiceCollection AddCoordinatorStorage(
        this IServiceCollection services,
        IConfiguration configuration,
        Action<CoordinatorStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = services.AddOptions<CoordinatorStorageOptions>().Bind(configuration);
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        var prefix = configuration is IConfigurationSection section ? section.Path : string.Empty;
        return services.AddCoordinatorStorageCore(prefix);
    }

    /// <summary>
    /// Adds <see cref="ITransactionStore"/>, <see cref="ISagaStore"/> and <see cref="IWorkerIdStore"/> configured in code.
    /// Options are validated and the schema migrated (when AutoMigrate is in effect) as the host starts.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options (provider, connection string, ...).</param>
    public static IServiceCollection AddCoordinatorStorage(this IServiceCollection services, Action<CoordinatorStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<CoordinatorStorageOptions>().Configure(configure);
        return services.AddCoordinatorStorageCore(nameof(CoordinatorStorageOptions));
    }

    private static IServiceCollection AddCoordinatorStorageCore(this IServiceCollection services, string settingPrefix)
    {
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new CoordinatorStorageSettingName(settingPrefix));
        services.AddPooledDbContextFactory<CoordinatorDbContext>((provider, options) =>
        {
            var settings = provider.GetRequiredService<IOptions<CoordinatorStorageOptions>>().Value;
            options.UseCoordinatorStorage(settings, provider.GetRequiredService<CoordinatorStorageSettingName>().Prefix);
        });
        services.TryAddSingleton<EfTransactionStore>();
        services.TryAddSingleton<ITransactionStore>(sp => sp.GetRequiredService<EfTransactionStore>());
        services.TryAddSingleton<ISagaStore>(sp => sp.GetRequiredService<EfTransactionStore>());
        services.TryAddSingleton<IWorkerIdStore, EfWorkerIdStore>();
        services.TryAddSingleton<ITransactionStatistics, EfTransactionStatistics>();
        services.TryAddSingleton<IAuditLog, EfCoordinatorAuditLog>();
        services.TryAddSingleton<CoordinatorStorageMigrator>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, CoordinatorStorageStartup>());
        return services;
    }
}
