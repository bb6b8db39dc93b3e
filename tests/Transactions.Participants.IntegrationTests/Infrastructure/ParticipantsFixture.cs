using Transactions.Participants.IntegrationTests.Order;
using Transactions.Participants.IntegrationTests.Points;
using Transactions.Participants.IntegrationTests.Stock;
using Transactions.Testing;

namespace Transactions.Participants.IntegrationTests.Infrastructure;

/// <summary>
/// One real coordinator process on PostgreSQL, the stock and points participant apps (each with its own
/// PostgreSQL database) and the order app, shared by the tests of one class. Tests use distinct SKUs and
/// users, so they do not see each other's data.
/// </summary>
public sealed class ParticipantsFixture : AppsFixture
{
    public StockApp Stock { get; private set; } = null!;

    public PointsApp Points { get; private set; } = null!;

    public OrderApp Orders { get; private set; } = null!;

    /// <summary>Another order service instance (a separate transaction manager process); the caller disposes it.</summary>
    public Task<OrderApp> StartOrderAppAsync() => OrderApp.StartAsync(CoordinatorAddress, Stock.HttpAddress, Points.GrpcAddress, Log, options =>
    {
        // Ride out a coordinator restart (about 20 s of retries).
        options.CoordinatorMaxRetries = 20;
        options.CoordinatorRetryDelay = TimeSpan.FromMilliseconds(200);
        options.CoordinatorMaxRetryDelay = TimeSpan.FromSeconds(1);
    });

    protected override async Task StartAsync()
    {
        await StartCoordinatorAsync("tx_sdk_tc");
        var stockDb = Own(await PostgresDatabase.CreateAsync("tx_sdk_stock"));
        var pointsDb = Own(await PostgresDatabase.CreateAsync("tx_sdk_points"));
        Stock = Own(await StockApp.StartAsync(stockDb.ConnectionString, CoordinatorAddress, Log));
        Points = Own(await PointsApp.StartAsync(pointsDb.ConnectionString, CoordinatorAddress, Log));
        Orders = Own(await StartOrderAppAsync());
    }
}
