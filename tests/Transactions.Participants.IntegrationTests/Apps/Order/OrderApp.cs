using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Transactions.Participants.IntegrationTests.Infrastructure;

namespace Transactions.Participants.IntegrationTests.Order;

/// <summary>The order service as a host (no web endpoints: it only calls others).</summary>
public sealed class OrderApp : IAsyncDisposable
{
    private readonly IHost _host;

    private OrderApp(IHost host)
    {
        _host = host;
    }

    public IServiceProvider Services => _host.Services;

    public ITransactionManager TransactionManager => Services.GetRequiredService<ITransactionManager>();

    public OrderBook Book => Services.GetRequiredService<OrderBook>();

    public static async Task<OrderApp> StartAsync(string coordinatorAddress, Uri stockAddress, Uri pointsAddress, TestLog log, Action<TransactionsOptions>? tune = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.ClearProviders().AddProvider(log).SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddOrderService(coordinatorAddress, stockAddress, pointsAddress, tune);
        var host = builder.Build();
        await host.StartAsync();
        return new OrderApp(host);
    }

    /// <summary>Places an order through the service's public interface, in a DI scope as a request would.</summary>
    public async Task<long> PlaceOrderAsync(PlaceOrder order, CancellationToken cancellationToken = default)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IOrderService>().PlaceOrderAsync(order, cancellationToken);
    }

    /// <summary>A typed stock client, for tests that drive the transaction manager imperatively.</summary>
    public StockClient StockClient => Services.GetRequiredService<StockClient>();

    public PointsClient PointsClient => Services.GetRequiredService<PointsClient>();

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
