using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Transactions.Common.Audit;
using Transactions.Common.Ids;
using Transactions.Coordinator.Diagnostics;
using Transactions.Coordinator.Storage;
using Transactions.Coordinator.Storage.Model;
using Transactions.Storage;

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
        Action<CoordinatorStorageOptions>? configure = null) =>
        services.AddEfStorage<CoordinatorDbContext, CoordinatorStorageOptions, CoordinatorStorageMigrator>(configuration, configure)
            .AddCoordinatorStores();

    /// <summary>
    /// Adds <see cref="ITransactionStore"/>, <see cref="ISagaStore"/> and <see cref="IWorkerIdStore"/> configured in code.
    /// Options are validated and the schema migrated (when AutoMigrate is in effect) as the host starts.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options (provider, connection string, ...).</param>
    public static IServiceCollection AddCoordinatorStorage(this IServiceCollection services, Action<CoordinatorStorageOptions> configure) =>
        services.AddEfStorage<CoordinatorDbContext, CoordinatorStorageOptions, CoordinatorStorageMigrator>(configure)
            .AddCoordinatorStores();

    private static IServiceCollection AddCoordinatorStores(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<EfTransactionStore>();
        services.TryAddSingleton<ITransactionStore>(sp => sp.GetRequiredService<EfTransactionStore>());
        services.TryAddSingleton<ISagaStore>(sp => sp.GetRequiredService<EfTransactionStore>());
        services.TryAddSingleton<ITransactionRetentionStore>(sp => sp.GetRequiredService<EfTransactionStore>());
        services.TryAddSingleton<ITransactionAttentionStore>(sp => sp.GetRequiredService<EfTransactionStore>());
        services.TryAddSingleton<IWorkerIdStore, EfWorkerIdStore<CoordinatorDbContext, WorkerLease>>();
        services.TryAddSingleton<ITransactionStatistics, EfTransactionStatistics>();
        services.TryAddSingleton<IAuditLog, EfCoordinatorAuditLog>();
        return services;
    }
}
