namespace Transactions.ReliableMessage.Consumer;

/// <summary>The handler type of each topic, filled by <c>AddHandler</c>.</summary>
public sealed class HandlerRegistry
{
    private readonly Dictionary<string, Type> _handlers = new(StringComparer.Ordinal);

    /// <summary>The topics with a handler (the group subscribes to these).</summary>
    public IReadOnlyCollection<string> Topics => _handlers.Keys;

    /// <summary>Registers <paramref name="handlerType"/> for <paramref name="topic"/>.</summary>
    /// <exception cref="InvalidOperationException">The topic already has a handler.</exception>
    public void Add(string topic, Type handlerType)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentNullException.ThrowIfNull(handlerType);
        if (!_handlers.TryAdd(topic, handlerType))
        {
            throw new InvalidOperationException($"Topic '{topic}' already has a handler ({_handlers[topic].Name}).");
        }
    }

    /// <summary>The handler of <paramref name="topic"/> from <paramref name="services"/>, or null.</summary>
    public IMessageHandler? Resolve(IServiceProvider services, string topic)
    {
        ArgumentNullException.ThrowIfNull(services);
        return _handlers.TryGetValue(topic, out var type) ? (IMessageHandler)services.GetService(type)! : null;
    }
}
