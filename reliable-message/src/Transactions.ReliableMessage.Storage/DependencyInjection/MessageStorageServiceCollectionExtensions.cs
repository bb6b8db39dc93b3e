using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Transactions.Common.Audit;
using Transactions.Common.Ids;
using Transactions.ReliableMessage.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the reliable-message EF Core store.</summary>
public static class MessageStorageServiceCollectionExtensions
{
    /// <summary>
    /// Adds the pooled <see cref="MessageDbContext"/> factory, <see cref="IMessageStore"/>, <see cref="IWorkerIdStore"/>
    /// and the start-up migrator; binds <see cref="MessageStorageOptions"/> from <paramref name="section"/>. Call it
    /// before <c>AddReliableMessageEngine</c> so migrations run before the engine starts. A missing connection string
    /// fails at start with an <see cref="InvalidOperationException"/> naming the setting.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="section">The <c>Storage</c> configuration section.</param>
    /// <param name="configure">Changes applied after binding; optional.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddReliableMessageStorage(this IServiceCollection services, IConfiguration section, Action<MessageStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        var path = section is IConfigurationSection s ? s.Path : MessageStorageDefaults.SectionName;
        services.AddOptions<MessageStorageOptions>()
            .Bind(section)
            .Configure(o => configure?.Invoke(o))
            .Validate(o =>
            {
                o.Validate(path);
                return true;
            })
            .ValidateOnStart();
        services.AddPooledDbContextFactory<MessageDbContext>((sp, builder) =>
            builder.UseReliableMessageStorage(sp.GetRequiredService<IOptions<MessageStorageOptions>>().Value, path));
        services.TryAddSingleton<IMessageStore, EfMessageStore>();
        services.TryAddSingleton<IWorkerIdStore, EfWorkerIdStore>();
        services.TryAddSingleton<IAuditLog, EfAuditLog>();
        services.TryAddSingleton<MessageStorageMigrator>();
        services.AddHostedService(sp => sp.GetRequiredService<MessageStorageMigrator>());
        return services;
    }
}
