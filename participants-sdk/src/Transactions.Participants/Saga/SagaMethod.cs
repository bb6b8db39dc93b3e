using System.Reflection;
using System.Text.Json;

namespace Transactions.Participants.Saga;

/// <summary>
/// A saga action or compensation: an instance method returning Task, Task&lt;T&gt;, ValueTask or
/// ValueTask&lt;T&gt; (compensations: no result) whose parameters are a <see cref="SagaContext"/> and/or a
/// <see cref="CancellationToken"/>.
/// </summary>
internal sealed class SagaMethod
{
    private readonly bool[] _isContext;
    private readonly Func<object, Task<object?>> _await;

    private SagaMethod(MethodInfo method, bool[] isContext, Func<object, Task<object?>> awaitResult)
    {
        Method = method;
        _isContext = isContext;
        _await = awaitResult;
    }

    public MethodInfo Method { get; }

    /// <exception cref="TccActionDefinitionException">Missing, overloaded or with a wrong signature.</exception>
    public static SagaMethod Find(Type type, string actionName, string role, string? name, bool allowResult)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new TccActionDefinitionException(type, $"saga action '{actionName}' names no {role} method: set {role}Method = nameof(...) on its [SagaAction].");
        }

        var candidates = type.GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).Where(m => m.Name == name).ToArray();
        if (candidates.Length == 0)
        {
            throw new TccActionDefinitionException(type, $"saga action '{actionName}' names {role} method '{name}', which {type.Name} does not have.");
        }

        if (candidates.Length > 1)
        {
            throw new TccActionDefinitionException(type, $"saga action '{actionName}' names {role} method '{name}', which is overloaded in {type.Name} ({candidates.Length} methods; exactly one needed).");
        }

        var method = candidates[0];
        var returns = method.ReturnType;
        Func<object, Task<object?>>? awaitResult = null;
        if (returns == typeof(Task))
        {
            awaitResult = static async r => { await ((Task)r).ConfigureAwait(false); return null; };
        }
        else if (returns == typeof(ValueTask))
        {
            awaitResult = static async r => { await ((ValueTask)r).ConfigureAwait(false); return null; };
        }
        else if (allowResult && returns.IsGenericType && returns.GetGenericTypeDefinition() == typeof(Task<>))
        {
            var result = returns.GetProperty(nameof(Task<object>.Result))!;
            awaitResult = async r => { await ((Task)r).ConfigureAwait(false); return result.GetValue(r); };
        }
        else if (allowResult && returns.IsGenericType && returns.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            var asTask = returns.GetMethod(nameof(ValueTask<object>.AsTask))!;
            awaitResult = async r =>
            {
                var task = (Task)asTask.Invoke(r, null)!;
                await task.ConfigureAwait(false);
                return task.GetType().GetProperty(nameof(Task<object>.Result))!.GetValue(task);
            };
        }

        if (method.IsGenericMethodDefinition || awaitResult is null)
        {
            throw new TccActionDefinitionException(type, $"The {role} method '{name}' of saga action '{actionName}' must be a non-generic method returning {(allowResult ? "Task, Task<T>, ValueTask or ValueTask<T>" : "Task or ValueTask")}.");
        }

        var parameters = method.GetParameters();
        var isContext = new bool[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameterType = parameters[i].ParameterType;
            isContext[i] = parameterType == typeof(SagaContext);
            if (!isContext[i] && parameterType != typeof(CancellationToken))
            {
                throw new TccActionDefinitionException(type, $"The {role} method '{name}' of saga action '{actionName}' may only take a SagaContext and a CancellationToken; parameter '{parameters[i].Name}' is {parameterType.Name}.");
            }
        }

        return new SagaMethod(method, isContext, awaitResult);
    }

    /// <summary>Calls the method; returns its output as text (a string as is, anything else as JSON), or null.</summary>
    public async Task<string?> InvokeAsync(object target, SagaContext context, JsonSerializerOptions json, CancellationToken cancellationToken)
    {
        var arguments = new object?[_isContext.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = _isContext[i] ? context : cancellationToken;
        }

        var returned = Method.Invoke(target, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null)!;
        var result = await _await(returned).ConfigureAwait(false);
        return result switch
        {
            null => null,
            string text => text,
            _ => JsonSerializer.Serialize(result, result.GetType(), json),
        };
    }
}
