namespace Transactions.Participants.Saga;

/// <summary>Every saga action of the application, by name; filled at registration, read afterwards.</summary>
internal sealed class SagaActionRegistry
{
    private readonly Dictionary<string, SagaActionDescriptor> _actions = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, SagaActionDescriptor> Actions => _actions;

    /// <summary>Reads the [SagaAction] methods of <paramref name="implementationType"/>; returns how many.</summary>
    /// <exception cref="TccActionDefinitionException">A wrong signature or a duplicate name.</exception>
    public int Add(Type implementationType)
    {
        var found = new List<SagaActionDescriptor>();
        foreach (var method in implementationType.GetMethods(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic))
        {
            if (method.GetCustomAttributes(typeof(SagaActionAttribute), inherit: true).FirstOrDefault() is not SagaActionAttribute attribute)
            {
                continue;
            }

            if (string.IsNullOrWhiteSpace(attribute.Name) || attribute.Name.Length > 128)
            {
                throw new TccActionDefinitionException(implementationType, $"[SagaAction] on {method.Name} needs a name of 1 to 128 characters.");
            }

            var action = SagaMethod.Find(implementationType, attribute.Name, "action", method.Name, allowResult: true);
            var compensation = SagaMethod.Find(implementationType, attribute.Name, "Compensation", attribute.CompensationMethod, allowResult: false);
            if (_actions.TryGetValue(attribute.Name, out var clash) || found.Any(f => f.Name == attribute.Name))
            {
                throw new TccActionDefinitionException(implementationType, $"the saga action name '{attribute.Name}' is already used{(clash is null ? string.Empty : $" by {clash.ImplementationType.Name}")}; saga action names must be unique within the application.");
            }

            found.Add(new SagaActionDescriptor(attribute.Name, implementationType, action, compensation));
        }

        foreach (var descriptor in found)
        {
            _actions.Add(descriptor.Name, descriptor);
        }

        return found.Count;
    }
}
