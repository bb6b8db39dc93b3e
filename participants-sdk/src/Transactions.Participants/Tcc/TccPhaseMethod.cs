using System.Reflection;

namespace Transactions.Participants.Tcc;

/// <summary>
/// A Confirm or Cancel method: an instance method returning <see cref="Task"/> or <see cref="ValueTask"/> whose
/// parameters are a <see cref="TccContext"/> and/or a <see cref="CancellationToken"/>, in any order.
/// </summary>
internal sealed class TccPhaseMethod
{
    private readonly bool[] _isContext;
    private readonly bool _returnsValueTask;

    private TccPhaseMethod(MethodInfo method, bool[] isContext, bool returnsValueTask)
    {
        Method = method;
        _isContext = isContext;
        _returnsValueTask = returnsValueTask;
    }

    public MethodInfo Method { get; }

    /// <summary>Finds and checks the method named <paramref name="name"/> on <paramref name="implementationType"/>.</summary>
    /// <exception cref="TccActionDefinitionException">Missing, overloaded or with a wrong signature.</exception>
    public static TccPhaseMethod Find(Type implementationType, string actionName, string role, string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new TccActionDefinitionException(implementationType, $"TCC action '{actionName}' names no {role} method: set {role}Method = nameof(...) on its [TccAction].");
        }

        var candidates = implementationType
            .GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Where(m => m.Name == name)
            .ToArray();
        if (candidates.Length == 0)
        {
            throw new TccActionDefinitionException(implementationType, $"TCC action '{actionName}' names {role} method '{name}', which {implementationType.Name} does not have.");
        }

        if (candidates.Length > 1)
        {
            throw new TccActionDefinitionException(implementationType, $"TCC action '{actionName}' names {role} method '{name}', which is overloaded: give it a unique name.");
        }

        var method = candidates[0];
        if (method.IsGenericMethodDefinition)
        {
            throw new TccActionDefinitionException(implementationType, $"The {role} method '{name}' of TCC action '{actionName}' must not be generic.");
        }

        var returnsValueTask = method.ReturnType == typeof(ValueTask);
        if (method.ReturnType != typeof(Task) && !returnsValueTask)
        {
            throw new TccActionDefinitionException(implementationType, $"The {role} method '{name}' of TCC action '{actionName}' must return Task or ValueTask (throw to have the coordinator retry).");
        }

        var parameters = method.GetParameters();
        var isContext = new bool[parameters.Length];
        var seenContext = false;
        var seenToken = false;
        for (var i = 0; i < parameters.Length; i++)
        {
            var type = parameters[i].ParameterType;
            if (type == typeof(TccContext) && !seenContext)
            {
                isContext[i] = seenContext = true;
            }
            else if (type == typeof(CancellationToken) && !seenToken)
            {
                seenToken = true;
            }
            else
            {
                throw new TccActionDefinitionException(
                    implementationType,
                    $"The {role} method '{name}' of TCC action '{actionName}' may only take a TccContext and a CancellationToken (read the Try's arguments with context.GetArgument<T>(name)); parameter '{parameters[i].Name}' is {type.Name}.");
            }
        }

        return new TccPhaseMethod(method, isContext, returnsValueTask);
    }

    /// <summary>Calls the method on <paramref name="target"/>; exceptions are not wrapped.</summary>
    public Task InvokeAsync(object target, TccContext context, CancellationToken cancellationToken)
    {
        var arguments = new object?[_isContext.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = _isContext[i] ? context : cancellationToken;
        }

        var result = Method.Invoke(target, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);
        return _returnsValueTask ? ((ValueTask)result!).AsTask() : (Task)result!;
    }
}
