using Microsoft.Extensions.DependencyInjection;
using Transactions.ReliableMessage.Consumer;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds handlers to a reliable-message consumer.</summary>
public sealed class ReliableMessageConsumerBuilder(IServiceCollection services, HandlerRegistry handlers)
{
    /// <summary>The services.</summary>
    public IServiceCollection Services { get; } = services;

    /// <summary>Handles <paramref name="topic"/> with <typeparamref name="THandler"/> (scoped).</summary>
    /// <typeparam name="THandler">The handler.</typeparam>
    /// <param name="topic">The topic.</param>
    /// <returns>This builder.</returns>
    public ReliableMessageConsumerBuilder AddHandler<THandler>(string topic)
        where THandler : class, IMessageHandler
    {
        handlers.Add(topic, typeof(THandler));
        Services.AddScoped<THandler>();
        return this;
    }
}
