using Castle.DynamicProxy;

namespace Transactions.Participants.Interception;

/// <summary>
/// The Castle interceptor of one proxy instance: plain methods go straight to the target, transactional ones
/// through <see cref="TransactionalAdvice"/>. Holds the DI scope the proxy was resolved from, so the fence
/// uses the same DbContext instance as the business method.
/// </summary>
internal sealed class TransactionalInterceptor(TransactionalServiceDescriptor descriptor, TransactionalAdvice advice, IServiceProvider services) : IInterceptor
{
    public void Intercept(IInvocation invocation)
    {
        if (!descriptor.TryGetMethod(invocation.Method, out var method))
        {
            invocation.Proceed();
            return;
        }

        method.ReturnAdapter.Intercept(invocation, method, advice, services);
    }
}
