using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Transactions.Common.Audit;
using Transactions.Common.Ids;
using Transactions.ReliableMessage.Notifications;
using Transactions.ReliableMessage.Storage;
using Transactions.ReliableMessage.Storage.Model;
using Transactions.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the reliable-message EF Core store.</summary>
public static class MessageStorageServiceCollectionExtensions
{
    /// <summary>
    /// Adds the pooled <see cref="MessageDbContext"/> factory, <see cref="IMessageStore"/>, <see cref="INotificationStore"/>, <see cref="IWorkerIdStore"/>
    /// and the start-up migrator; binds <see cref="MessageStorageOptions"/> from <paramref name="section"/>. The options
    /// are validated and the schema migrated (when AutoMigrate is in effect) as the host starts, before any hosted
    /// service (the engine's included) starts. A missing connection string fails the start with an
    /// <see cref="InvalidOperationException"/> naming the setting.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="section">The <c>Storage</c> configuration section.</param>
    /// <param name="configure">Changes applied after binding; optional.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddReliableMessageStorage(this IServiceCollection services, IConfiguration section, Action<MessageStorageOptions>? configure = null)
    {
        services.AddEfStorage<MessageDbContext, MessageStorageOptions, MessageStorageMigrator>(section, configure);
        services.TryAddSingleton<IMessageStore, EfMessageStore>();
        services.TryAddSingleton<IMessageRetentionStore>(sp =>
            sp.GetRequiredService<IMessageStore>() as IMessageRetentionStore ?? ActivatorUtilities.CreateInstance<EfMessageStore>(sp));
        services.TryAddSingleton<IMessageAttentionStore>(sp =>
            sp.GetRequiredService<IMessageStore>() as IMessageAttentionStore ?? ActivatorUtilities.CreateInstance<EfMessageStore>(sp));
        services.TryAddSingleton<IWorkerIdStore, EfWorkerIdStore<MessageDbContext, WorkerLease>>();
        services.TryAddSingleton<IAuditLog, EfAuditLog>();
        services.TryAddSingleton<INotificationStore, EfNotificationStore>();
        return services;
    }
}
