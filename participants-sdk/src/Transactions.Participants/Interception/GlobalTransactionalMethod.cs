using System.Reflection;

namespace Transactions.Participants.Interception;

/// <summary>A <see cref="GlobalTransactionalAttribute"/> method.</summary>
internal sealed class GlobalTransactionalMethod(
    MethodInfo interfaceMethod,
    MethodInfo targetMethod,
    AsyncReturnAdapter returnAdapter,
    string name,
    TimeSpan? timeout) : TransactionalMethod(interfaceMethod, targetMethod, returnAdapter)
{
    /// <summary>The name of the transactions begun.</summary>
    public string Name => name;

    /// <summary>The timeout, or null for the configured default.</summary>
    public TimeSpan? Timeout => timeout;
}
