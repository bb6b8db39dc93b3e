using System.Reflection;

namespace Transactions.Participants.Interception;

/// <summary>An intercepted interface method and how to run it.</summary>
internal abstract class TransactionalMethod
{
    protected TransactionalMethod(MethodInfo interfaceMethod, MethodInfo targetMethod, AsyncReturnAdapter returnAdapter)
    {
        InterfaceMethod = interfaceMethod;
        TargetMethod = targetMethod;
        ReturnAdapter = returnAdapter;
        var parameters = interfaceMethod.GetParameters();
        CancellationTokenIndex = Array.FindIndex(parameters, p => p.ParameterType == typeof(CancellationToken));
    }

    public MethodInfo InterfaceMethod { get; }

    public MethodInfo TargetMethod { get; }

    public AsyncReturnAdapter ReturnAdapter { get; }

    /// <summary>Index of the first <see cref="CancellationToken"/> parameter, or -1.</summary>
    public int CancellationTokenIndex { get; }

    /// <summary><c>Type.Method</c>, for messages.</summary>
    public string DisplayName => $"{TargetMethod.DeclaringType?.Name}.{TargetMethod.Name}";

    public CancellationToken GetCancellationToken(object?[] arguments) =>
        CancellationTokenIndex >= 0 && arguments[CancellationTokenIndex] is CancellationToken token ? token : CancellationToken.None;
}
