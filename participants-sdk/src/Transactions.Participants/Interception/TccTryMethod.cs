using System.Reflection;
using Transactions.Participants.Tcc;

namespace Transactions.Participants.Interception;

/// <summary>A TCC Try method (<see cref="TccActionAttribute"/>).</summary>
internal sealed class TccTryMethod(
    MethodInfo interfaceMethod,
    MethodInfo targetMethod,
    AsyncReturnAdapter returnAdapter,
    TccActionDescriptor action) : TransactionalMethod(interfaceMethod, targetMethod, returnAdapter)
{
    public TccActionDescriptor Action => action;
}
