using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Transactions.ReliableMessage.Producer;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the reliable-message producer SDK.</summary>
public static class ReliableMessageProducerServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IReliableMessageProducer"/> and the back-check handler answering from the barrier in
    /// <typeparamref name="TContext"/> (which must be registered, scoped, with <c>AddMessageBarrier()</c> in its
    /// model). Map the back-check with <c>app.MapReliableMessageProducer&lt;TContext&gt;()</c> on an HTTP/2 endpoint.
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
        services.TryAddSingleton<ReliableMessageServiceChannel>();
        services.TryAddSingleton<IReliableMessageProducer, ReliableMessageProducer>();
        services.TryAddSingleton<ProducerCheckHandler<TContext>>();
        services.AddGrpcBinding();
        return services;
    }
}
