using System.Reflection;
using Transactions.Participants.Tcc;

namespace Transactions.Participants.Interception;

/// <summary>
/// A registered transactional service: which of its interface methods are TCC Try methods or
/// <see cref="GlobalTransactionalAttribute"/> methods. Built and checked at registration time.
/// </summary>
internal sealed class TransactionalServiceDescriptor
{
    private readonly Dictionary<MethodInfo, TransactionalMethod> _methods;

    private TransactionalServiceDescriptor(Type serviceType, Type implementationType, Dictionary<MethodInfo, TransactionalMethod> methods)
    {
        ServiceType = serviceType;
        ImplementationType = implementationType;
        _methods = methods;
        TccActions = methods.Values.OfType<TccTryMethod>().Select(m => m.Action).ToArray();
        HasGlobalTransactionalMethods = methods.Values.OfType<GlobalTransactionalMethod>().Any();
    }

    public Type ServiceType { get; }

    public Type ImplementationType { get; }

    public IReadOnlyList<TccActionDescriptor> TccActions { get; }

    public bool HasGlobalTransactionalMethods { get; }

    /// <summary>Reads and checks the attributes of <paramref name="implementationType"/> behind <paramref name="serviceType"/>.</summary>
    /// <exception cref="TccActionDefinitionException">The service is not a valid transactional service.</exception>
    public static TransactionalServiceDescriptor Create(Type serviceType, Type implementationType)
    {
        if (!serviceType.IsInterface)
        {
            throw new TccActionDefinitionException(implementationType, $"register it by an interface, not by {serviceType.Name}: calls are intercepted through the interface (Castle DynamicProxy).");
        }

        if (!implementationType.IsClass || implementationType.IsAbstract || !serviceType.IsAssignableFrom(implementationType))
        {
            throw new TccActionDefinitionException(implementationType, $"must be a non-abstract class implementing {serviceType.Name}.");
        }

        var methods = new Dictionary<MethodInfo, TransactionalMethod>();
        var intercepted = new HashSet<MethodInfo>();
        foreach (var contract in serviceType.GetInterfaces().Prepend(serviceType))
        {
            var map = implementationType.GetInterfaceMap(contract);
            for (var i = 0; i < map.InterfaceMethods.Length; i++)
            {
                var interfaceMethod = map.InterfaceMethods[i];
                var targetMethod = map.TargetMethods[i];
                intercepted.Add(targetMethod);
                if (Describe(implementationType, serviceType, interfaceMethod, targetMethod) is { } described)
                {
                    methods[Key(interfaceMethod)] = described;
                }
            }
        }

        foreach (var method in implementationType.GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            if (!intercepted.Contains(method)
                && (method.IsDefined(typeof(TccActionAttribute), inherit: true) || method.IsDefined(typeof(GlobalTransactionalAttribute), inherit: true)))
            {
                throw new TccActionDefinitionException(
                    implementationType,
                    $"method '{method.Name}' carries [TccAction] or [GlobalTransactional] but is not a member of {serviceType.Name}: only calls through the interface are intercepted. Declare it on {serviceType.Name}.");
            }
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var action in methods.Values.OfType<TccTryMethod>().Select(m => m.Action))
        {
            if (!names.Add(action.Name))
            {
                throw new TccActionDefinitionException(implementationType, $"the TCC action name '{action.Name}' is used by two methods; action names must be unique.");
            }
        }

        return new TransactionalServiceDescriptor(serviceType, implementationType, methods);
    }

    /// <summary>The transactional method behind an intercepted call, or null for a plain method.</summary>
    public bool TryGetMethod(MethodInfo interfaceMethod, out TransactionalMethod method) =>
        _methods.TryGetValue(Key(interfaceMethod), out method!);

    private static MethodInfo Key(MethodInfo method) => method.IsGenericMethod ? method.GetGenericMethodDefinition() : method;

    private static TransactionalMethod? Describe(Type implementationType, Type serviceType, MethodInfo interfaceMethod, MethodInfo targetMethod)
    {
        var tcc = targetMethod.GetCustomAttribute<TccActionAttribute>(inherit: true) ?? interfaceMethod.GetCustomAttribute<TccActionAttribute>(inherit: true);
        var global = targetMethod.GetCustomAttribute<GlobalTransactionalAttribute>(inherit: true) ?? interfaceMethod.GetCustomAttribute<GlobalTransactionalAttribute>(inherit: true);
        if (tcc is null && global is null)
        {
            return null;
        }

        if (tcc is not null && global is not null)
        {
            throw new TccActionDefinitionException(implementationType, $"method '{targetMethod.Name}' carries both [TccAction] and [GlobalTransactional]; a Try runs inside a global transaction begun by its caller.");
        }

        var adapter = AsyncReturnAdapter.For(interfaceMethod.ReturnType)
            ?? throw new TccActionDefinitionException(
                implementationType,
                $"method '{targetMethod.Name}' must return Task, Task<T>, ValueTask or ValueTask<T> to carry [{(tcc is null ? "GlobalTransactional" : "TccAction")}] (it returns {interfaceMethod.ReturnType.Name}).");

        if (global is not null)
        {
            if (global.TimeoutMs < 0)
            {
                throw new TccActionDefinitionException(implementationType, $"[GlobalTransactional] on '{targetMethod.Name}': TimeoutMs must not be negative.");
            }

            var name = string.IsNullOrWhiteSpace(global.Name) ? $"{implementationType.Name}.{targetMethod.Name}" : global.Name;
            if (name.Length > 128)
            {
                throw new TccActionDefinitionException(implementationType, $"[GlobalTransactional] on '{targetMethod.Name}': the name must be at most 128 characters.");
            }

            return new GlobalTransactionalMethod(interfaceMethod, targetMethod, adapter, name, global.TimeoutMs == 0 ? null : TimeSpan.FromMilliseconds(global.TimeoutMs));
        }

        return new TccTryMethod(interfaceMethod, targetMethod, adapter, DescribeAction(implementationType, serviceType, interfaceMethod, tcc!));
    }

    private static TccActionDescriptor DescribeAction(Type implementationType, Type serviceType, MethodInfo tryMethod, TccActionAttribute attribute)
    {
        var name = attribute.Name;
        if (string.IsNullOrWhiteSpace(name) || name.Length > 128 || name.Any(char.IsControl) || name.Trim() != name)
        {
            throw new TccActionDefinitionException(implementationType, $"method '{tryMethod.Name}': the TCC action name must be 1 to 128 characters without control characters or surrounding spaces (got '{name}').");
        }

        if (tryMethod.IsGenericMethodDefinition)
        {
            throw new TccActionDefinitionException(implementationType, $"the Try method '{tryMethod.Name}' of TCC action '{name}' must not be generic.");
        }

        if (tryMethod.GetParameters().FirstOrDefault(p => p.ParameterType.IsByRef) is { } byRef)
        {
            throw new TccActionDefinitionException(implementationType, $"the Try method '{tryMethod.Name}' of TCC action '{name}' must not have ref, out or in parameters ('{byRef.Name}').");
        }

        var confirm = TccPhaseMethod.Find(implementationType, name, "Confirm", attribute.ConfirmMethod);
        var cancel = TccPhaseMethod.Find(implementationType, name, "Cancel", attribute.CancelMethod);
        if (confirm.Method == cancel.Method)
        {
            throw new TccActionDefinitionException(implementationType, $"TCC action '{name}' uses '{confirm.Method.Name}' as both Confirm and Cancel.");
        }

        return new TccActionDescriptor(name, serviceType, implementationType, tryMethod, confirm, cancel);
    }
}
