using Microsoft.Extensions.DependencyInjection;

namespace Transactions.Observability.Tests.Infrastructure;

/// <summary>The TM: a plain service provider with the SDK, HTTP clients to both participants and <see cref="OrderFlow"/>.</summary>
public sealed class TransactionManagerHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private TransactionManagerHost(ServiceProvider services) => _services = services;

    public static TransactionManagerHost Create(string coordinatorAddress, Uri first, Uri second)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddTransactions(options =>
        {
            options.CoordinatorAddress = coordinatorAddress;
            options.ApplicationId = "order-tm";
        });
        services.AddHttpClient(OrderFlow.First, c => c.BaseAddress = first).AddTransactionPropagation();
        services.AddHttpClient(OrderFlow.Second, c => c.BaseAddress = second).AddTransactionPropagation();
        services.AddGlobalTransactional<IOrderFlow, OrderFlow>();
        return new TransactionManagerHost(services.BuildServiceProvider());
    }

    public IServiceProvider Services => _services;

    public async Task PlaceAsync(bool fail)
    {
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IOrderFlow>().PlaceAsync(fail, CancellationToken.None);
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
