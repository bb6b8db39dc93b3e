using Castle.DynamicProxy;

namespace Transactions.Participants.Interception;

/// <summary>
/// Adapts one async return shape (<see cref="Task"/>, <see cref="Task{TResult}"/>, <see cref="ValueTask"/>,
/// <see cref="ValueTask{TResult}"/>) to the advice's single <c>Task&lt;T&gt;</c> path. Castle's
/// <see cref="IInterceptor.Intercept"/> is synchronous: the adapter captures the proceed step
/// (<see cref="IInvocation.CaptureProceedInfo"/>), hands the advice a delegate that runs the real method when the
/// advice is ready (after awaiting the coordinator), and sets the proxy's return value to the advice's task.
/// </summary>
internal abstract class AsyncReturnAdapter
{
    /// <summary>The adapter for <paramref name="returnType"/>, or null when the method is not async.</summary>
    public static AsyncReturnAdapter? For(Type returnType)
    {
        if (returnType == typeof(Task))
        {
            return new TaskReturnAdapter();
        }

        if (returnType == typeof(ValueTask))
        {
            return new ValueTaskReturnAdapter();
        }

        if (!returnType.IsGenericType)
        {
            return null;
        }

        var definition = returnType.GetGenericTypeDefinition();
        var adapter = definition == typeof(Task<>) ? typeof(TaskReturnAdapter<>)
            : definition == typeof(ValueTask<>) ? typeof(ValueTaskReturnAdapter<>)
            : null;
        return adapter is null ? null : (AsyncReturnAdapter)Activator.CreateInstance(adapter.MakeGenericType(returnType.GetGenericArguments()[0]))!;
    }

    /// <summary>Sets <see cref="IInvocation.ReturnValue"/> to the advice's task over the real call.</summary>
    public abstract void Intercept(IInvocation invocation, TransactionalMethod method, TransactionalAdvice advice, IServiceProvider services);
}
