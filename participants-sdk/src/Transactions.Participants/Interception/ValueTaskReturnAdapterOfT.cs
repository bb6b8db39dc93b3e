using Castle.DynamicProxy;

namespace Transactions.Participants.Interception;

/// <summary>Methods returning <see cref="ValueTask{TResult}"/>.</summary>
/// <typeparam name="TResult">The method's result type.</typeparam>
internal sealed class ValueTaskReturnAdapter<TResult> : AsyncReturnAdapter
{
    public override void Intercept(IInvocation invocation, TransactionalMethod method, TransactionalAdvice advice, IServiceProvider services)
    {
        var proceed = invocation.CaptureProceedInfo();
        invocation.ReturnValue = new ValueTask<TResult>(advice.RunAsync(method, invocation, services, async () =>
        {
            proceed.Invoke();
            var task = (ValueTask<TResult>)invocation.ReturnValue!;
            return await task.ConfigureAwait(false);
        }));
    }
}
