using Transactions.Participants.Tcc;

namespace Transactions.Participants.Interception;

/// <summary>
/// Every transactional service and TCC action of the application, filled at registration time (one instance
/// per service collection, registered as a singleton) and read afterwards.
/// </summary>
internal sealed class TransactionalRegistry
{
    /// <summary>The DI key under which implementations (the proxies' targets) are registered.</summary>
    public static readonly object TargetKey = new TargetServiceKey();

    private readonly Dictionary<Type, TransactionalServiceDescriptor> _services = [];
    private readonly Dictionary<string, TccActionDescriptor> _actions = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, TccActionDescriptor> TccActions => _actions;

    public IReadOnlyDictionary<Type, TransactionalServiceDescriptor> Services => _services;

    /// <summary>Adds a service; its action names must be new to the application.</summary>
    /// <exception cref="TccActionDefinitionException">A clash with an earlier registration.</exception>
    public void Add(TransactionalServiceDescriptor descriptor)
    {
        if (_services.TryGetValue(descriptor.ServiceType, out var existing))
        {
            if (existing.ImplementationType == descriptor.ImplementationType)
            {
                return;
            }

            throw new TccActionDefinitionException(
                descriptor.ImplementationType,
                $"{descriptor.ServiceType.Name} is already registered as a transactional service with {existing.ImplementationType.Name}.");
        }

        foreach (var action in descriptor.TccActions)
        {
            if (_actions.TryGetValue(action.Name, out var clash))
            {
                throw new TccActionDefinitionException(
                    descriptor.ImplementationType,
                    $"the TCC action name '{action.Name}' is already used by {clash.ImplementationType.Name}.{clash.TryMethod.Name}; action names must be unique within the application.");
            }
        }

        _services.Add(descriptor.ServiceType, descriptor);
        foreach (var action in descriptor.TccActions)
        {
            _actions.Add(action.Name, action);
        }
    }

    private sealed class TargetServiceKey
    {
        public override string ToString() => "Transactions.Participants proxy target";
    }
}
