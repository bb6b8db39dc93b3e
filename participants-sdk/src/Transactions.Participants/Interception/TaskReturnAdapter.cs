using Castle.DynamicProxy;

namespace Transactions.Participants.Interception;

/// <summary>Methods returning <see cref="Task"/>.</summary>
internal sealed class TaskReturnAdapter : AsyncReturnAdapter
{
    public override void Intercept(IInvocation invocation, TransactionalMethod method, TransactionalAdvice advice, IServiceProvider services)
    {
        var proceed = invocation.CaptureProceedInfo();
        invocation.ReturnValue = advice.RunAsync(method, invocation, services, async () =>
        {
            proceed.Invoke();

            // Read right after Invoke, before any await: later reads would see the proxy's own task.
            var task = (Task)invocation.ReturnValue!;
            await task.ConfigureAwait(false);
            return default(VoidResult);
        });
    }
}
