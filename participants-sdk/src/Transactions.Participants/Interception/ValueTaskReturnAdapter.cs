using Castle.DynamicProxy;

namespace Transactions.Participants.Interception;

/// <summary>Methods returning <see cref="ValueTask"/>.</summary>
internal sealed class ValueTaskReturnAdapter : AsyncReturnAdapter
{
    public override void Intercept(IInvocation invocation, TransactionalMethod method, TransactionalAdvice advice, IServiceProvider services)
    {
        var proceed = invocation.CaptureProceedInfo();
        invocation.ReturnValue = new ValueTask(advice.RunAsync(method, invocation, services, async () =>
        {
            proceed.Invoke();
            var task = (ValueTask)invocation.ReturnValue!;
            await task.ConfigureAwait(false);
            return default(VoidResult);
        }));
    }
}
