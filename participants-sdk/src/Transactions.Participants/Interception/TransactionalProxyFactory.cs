using Castle.DynamicProxy;
using Microsoft.Extensions.DependencyInjection;

namespace Transactions.Participants.Interception;

/// <summary>Creates interface proxies over registered implementations (one shared generator: it caches proxy types).</summary>
internal static class TransactionalProxyFactory
{
    private static readonly ProxyGenerator Generator = new();

    public static object Create(TransactionalServiceDescriptor descriptor, IServiceProvider services)
    {
        var advice = services.GetService<TransactionalAdvice>()
            ?? throw new InvalidOperationException(
                $"{descriptor.ServiceType.Name} is a transactional service but the transactions SDK is not set up: call services.AddTransactions(...).");
        var target = services.GetRequiredKeyedService(descriptor.ImplementationType, TransactionalRegistry.TargetKey);
        return Generator.CreateInterfaceProxyWithTarget(descriptor.ServiceType, target, new TransactionalInterceptor(descriptor, advice, services));
    }
}
