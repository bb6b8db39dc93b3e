using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Transactions.ReliableMessage.Dispatch;
using Transactions.ReliableMessage.Kafka;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Kafka transport of the reliable-message service.</summary>
public static class KafkaServiceCollectionExtensions
{
    /// <summary>
    /// Uses Kafka as the transport; binds <see cref="KafkaTransportOptions"/> from <paramref name="section"/> (the
    /// broker list is required: its absence fails at start with an <see cref="InvalidOperationException"/>).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="section">The <c>Kafka</c> configuration section.</param>
    /// <param name="configure">Changes applied after binding, e.g. <c>o.ConfigureProducer = c => ...</c>; optional.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddKafkaTransport(this IServiceCollection services, IConfiguration section, Action<KafkaTransportOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<KafkaTransportOptions>()
            .Bind(section)
            .Configure(o => configure?.Invoke(o))
            .Validate(o =>
            {
                o.CreateProducerConfig();
                return true;
            })
            .ValidateOnStart();
        services.TryAddSingleton<KafkaMessageTransport>();
        services.TryAddSingleton<IMessageTransport>(sp => sp.GetRequiredService<KafkaMessageTransport>());
        return services;
    }
}
