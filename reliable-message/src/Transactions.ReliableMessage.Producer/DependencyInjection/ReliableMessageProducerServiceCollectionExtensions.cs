using Grpc.Net.ClientFactory;
using Transactions.ReliableMessage.Protocol;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transactions.ReliableMessage.Producer;
using Transactions.ReliableMessage.Protocol.V1;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the reliable-message producer SDK.</summary>
public static class ReliableMessageProducerServiceCollectionExtensions
{
    /// <summary>
    /// Name of the gRPC client of the service in the gRPC client factory (its HTTP handler can be changed with
    /// <c>services.AddHttpClient(ServiceClientName).ConfigurePrimaryHttpMessageHandler(...)</c>).
    /// </summary>
    public const string ServiceClientName = "Transactions.ReliableMessage.Producer";

    /// <summary>
    /// Adds <see cref="IReliableMessageProducer"/> and the back-check handler answering from the barrier in
    /// <typeparamref name="TContext"/> (which must be registered, scoped, with <c>AddMessageBarrier()</c> in its
    /// model). Map the back-check with <c>app.MapReliableMessageProducer&lt;TContext&gt;()</c> on an HTTP/2 endpoint.
    /// The service is called through a gRPC client factory client named <see cref="ServiceClientName"/>.
    /// </summary>
    /// <typeparam name="TContext">The producer's DbContext.</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="configure">Service address, producer group, check endpoint, ...</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddReliableMessageProducer<TContext>(this IServiceCollection services, Action<ReliableMessageProducerOptions> configure)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<ReliableMessageProducerOptions>()
            .Configure(configure)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddGrpcClient<ReliableMessageService.ReliableMessageServiceClient>(ServiceClientName, static (sp, o) =>
            {
                var address = sp.GetRequiredService<IOptions<ReliableMessageProducerOptions>>().Value.ServiceAddress;
                if (string.IsNullOrWhiteSpace(address))
                {
                    throw new InvalidOperationException("The reliable-message producer needs ServiceAddress (the service's gRPC address, e.g. http://reliable-message:5310).");
                }

                o.Address = new Uri(address);
            })
            .AddInterceptor(static sp => sp.GetRequiredService<IOptions<ReliableMessageProducerOptions>>().Value.ApplicationKey is { } key
                ? new ApplicationKeyCallInterceptor(key)
                : new PassThroughInterceptor())
            .RemoveAllLoggers();
        services.TryAddSingleton<IReliableMessageProducer>(static sp => new ReliableMessageProducer(
            sp.GetRequiredService<GrpcClientFactory>().CreateClient<ReliableMessageService.ReliableMessageServiceClient>(ServiceClientName),
            sp.GetRequiredService<IOptions<ReliableMessageProducerOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ReliableMessageProducer>>()));
        services.TryAddSingleton<ProducerCheckHandler<TContext>>();
        services.AddGrpc();
        return services;
    }
}
