using Transactions.ReliableMessage.Protocol;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Transactions.ReliableMessage.Consumer;
using Transactions.ReliableMessage.Consumer.Kafka;
using Transactions.ReliableMessage.Consumer.Push;
using Transactions.ReliableMessage.Protocol.V1;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the reliable-message consumer SDK.</summary>
public static class ReliableMessageConsumerServiceCollectionExtensions
{
    /// <summary>
    /// Name of the gRPC client of the service in the gRPC client factory (its HTTP handler can be changed with
    /// <c>services.AddHttpClient(ServiceClientName).ConfigurePrimaryHttpMessageHandler(...)</c>).
    /// </summary>
    public const string ServiceClientName = "Transactions.ReliableMessage.Consumer";

    /// <summary>
    /// Adds a consumer group whose handlers run with de-duplication in <typeparamref name="TContext"/> (registered,
    /// scoped, with <c>AddMessageInbox()</c> in its model). Kafka: consumes in the background. Push: map the endpoint
    /// with <c>app.MapReliableMessageConsumer&lt;TContext&gt;()</c> on an HTTP/2 endpoint. Add handlers with
    /// <see cref="ReliableMessageConsumerBuilder.AddHandler{THandler}"/>. The service is called through a gRPC client
    /// factory client named <see cref="ServiceClientName"/>.
    /// </summary>
    /// <typeparam name="TContext">The consumer's DbContext.</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="configure">Service address, group, transport, ...</param>
    /// <returns>A builder for handlers.</returns>
    public static ReliableMessageConsumerBuilder AddReliableMessageConsumer<TContext>(this IServiceCollection services, Action<ReliableMessageConsumerOptions> configure)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var settings = new ReliableMessageConsumerOptions();
        configure(settings);
        services.AddOptions<ReliableMessageConsumerOptions>()
            .Configure(configure)
            .ValidateDataAnnotations()
            .Validate(o => o.Transport != ConsumerTransport.Push || !string.IsNullOrWhiteSpace(o.PushEndpoint), "The push transport needs PushEndpoint (this application's gRPC base address).")
            .Validate(o => o.Transport != ConsumerTransport.Kafka || !string.IsNullOrWhiteSpace(o.BootstrapServers), "The Kafka transport needs BootstrapServers.")
            .ValidateOnStart();
        var handlers = new HandlerRegistry();
        services.AddSingleton(handlers);
        services.TryAddSingleton(TimeProvider.System);
        services.AddGrpcClient<ReliableMessageService.ReliableMessageServiceClient>(ServiceClientName, static (sp, o) =>
            {
                var address = sp.GetRequiredService<IOptions<ReliableMessageConsumerOptions>>().Value.ServiceAddress;
                if (string.IsNullOrWhiteSpace(address))
                {
                    throw new InvalidOperationException("The reliable-message consumer needs ServiceAddress (the service's gRPC address, e.g. http://reliable-message:5310).");
                }

                o.Address = new Uri(address);
            })
            .AddInterceptor(static sp => sp.GetRequiredService<IOptions<ReliableMessageConsumerOptions>>().Value.ApplicationKey is { } key
                ? new ApplicationKeyCallInterceptor(key)
                : new PassThroughInterceptor())
            .RemoveAllLoggers();
        services.TryAddSingleton<IServiceAcknowledger, GrpcServiceAcknowledger>();
        services.TryAddSingleton<ServiceSubscriber>();
        services.TryAddSingleton<MessageProcessor<TContext>>();
        services.TryAddSingleton<AckSender>();
        services.AddHostedService(sp => sp.GetRequiredService<AckSender>());
        if (settings.Transport == ConsumerTransport.Kafka)
        {
            services.TryAddSingleton<KafkaConsumerService<TContext>>();
            services.AddHostedService(sp => sp.GetRequiredService<KafkaConsumerService<TContext>>());
        }
        else
        {
            services.AddGrpc();
            services.TryAddSingleton<PushDeliveryHandler<TContext>>();
            services.TryAddSingleton<PushSubscriptionService>();
            services.AddHostedService(sp => sp.GetRequiredService<PushSubscriptionService>());
        }

        return new ReliableMessageConsumerBuilder(services, handlers);
    }
}
