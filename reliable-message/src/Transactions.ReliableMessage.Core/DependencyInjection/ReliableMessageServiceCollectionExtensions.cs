using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Transactions.Common.Ids;
using Transactions.ReliableMessage.BackCheck;
using Transactions.ReliableMessage.Dispatch;
using Transactions.ReliableMessage.Engine;
using Transactions.ReliableMessage.Options;
using Transactions.ReliableMessage.Push;
using Transactions.ReliableMessage.Recovery;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the reliable-message engine. A store (<c>AddReliableMessageStorage</c>) and a transport must be added too.</summary>
public static class ReliableMessageServiceCollectionExtensions
{
    /// <summary>
    /// Adds the engine, dispatcher, back-check, recovery and the leased Snowflake id generator; binds
    /// <see cref="ReliableMessageOptions"/> from <paramref name="section"/> and validates it at start.
    /// Registrations use TryAdd, so anything can be replaced.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="section">The <c>ReliableMessage</c> configuration section.</param>
    /// <param name="configure">Changes applied after binding; optional.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddReliableMessageEngine(this IServiceCollection services, IConfiguration section, Action<ReliableMessageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<ReliableMessageOptions>()
            .Bind(section)
            .Configure(o => configure?.Invoke(o))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReliableMessageOptions>, ReliableMessageOptionsValidator>());
        services.AddOptions<WorkerIdLeaseOptions>();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<LeasedIdGenerator>();
        services.TryAddSingleton<IIdGenerator>(sp => sp.GetRequiredService<LeasedIdGenerator>());
        services.AddHostedService(sp => sp.GetRequiredService<LeasedIdGenerator>());

        services.TryAddSingleton<InstanceIdentity>();
        services.TryAddSingleton<SubscriptionRegistry>();
        services.TryAddSingleton<MessageDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<MessageDispatcher>());
        services.TryAddSingleton<IProducerChecker, GrpcProducerChecker>();
        services.TryAddSingleton<BackCheckProcessor>();
        services.TryAddSingleton<RecoveryService>();
        services.AddHostedService(sp => sp.GetRequiredService<RecoveryService>());
        services.TryAddSingleton<ReliableMessageEngine>();
        return services;
    }

    /// <summary>
    /// Uses the embedded push transport (no broker): the service pushes each delivery to the consumer group's
    /// endpoint, given when the group subscribes.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddPushTransport(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IMessageTransport, PushMessageTransport>();
        return services;
    }
}
