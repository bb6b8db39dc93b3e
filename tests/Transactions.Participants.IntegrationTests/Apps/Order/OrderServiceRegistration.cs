using Microsoft.Extensions.DependencyInjection;
using Transactions.Participants.IntegrationTests.Points.Api;

namespace Transactions.Participants.IntegrationTests.Order;

/// <summary>How the order service wires the SDK: a transaction manager only (no TCC actions of its own).</summary>
public static class OrderServiceRegistration
{
    public static IServiceCollection AddOrderService(
        this IServiceCollection services,
        string coordinatorAddress,
        Uri stockAddress,
        Uri pointsAddress,
        Action<TransactionsOptions>? tune = null)
    {
        services.AddTransactions(options =>
        {
            options.CoordinatorAddress = coordinatorAddress;
            options.ApplicationId = "order-service";
            tune?.Invoke(options);
        });
        services.AddHttpClient<StockClient>(client => client.BaseAddress = stockAddress).AddTransactionPropagation();
        services.AddGrpcClient<PointsApi.PointsApiClient>(client => client.Address = pointsAddress).AddTransactionPropagation();
        services.AddTransient<PointsClient>();
        services.AddSingleton<OrderBook>();
        services.AddGlobalTransactional<IOrderService, OrderService>();
        return services;
    }
}
