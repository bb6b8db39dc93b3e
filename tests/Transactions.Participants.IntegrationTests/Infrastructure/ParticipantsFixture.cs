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
public sealed class ParticipantsFixture : IAsyncLifetime
{
    /// <summary>Coordinator settings: phase-2 retries come quickly, calls to participants may take a while.</summary>
    private static readonly Dictionary<string, string> CoordinatorSettings = new()
    {
        ["Coordinator__BranchCallTimeout"] = "00:00:05",
        ["Coordinator__LeaseDuration"] = "00:00:15",
        ["Coordinator__Phase2InitialBackoff"] = "00:00:00.200",
        ["Coordinator__Phase2MaxBackoff"] = "00:00:01",
    };

    private readonly List<IAsyncDisposable> _owned = [];

    public TestLog Log { get; } = new();

    public CoordinatorProcess Coordinator { get; private set; } = null!;

    public StockApp Stock { get; private set; } = null!;

    public PointsApp Points { get; private set; } = null!;

    public OrderApp Orders { get; private set; } = null!;

    public string CoordinatorAddress => Coordinator.GrpcAddress;

    public async Task InitializeAsync()
    {
        if (TestEnvironment.PostgresConnectionString is null)
        {
            return; // every test is a [PostgresFact]: skipped here
        }

        var coordinatorDb = Own(await PostgresDatabase.CreateAsync("tx_sdk_tc"));
        var stockDb = Own(await PostgresDatabase.CreateAsync("tx_sdk_stock"));
        var pointsDb = Own(await PostgresDatabase.CreateAsync("tx_sdk_points"));
        Coordinator = Own(await CoordinatorProcess.StartAsync("PostgreSql", coordinatorDb.ConnectionString, CoordinatorSettings));
        Stock = Own(await StockApp.StartAsync(stockDb.ConnectionString, CoordinatorAddress, Log));
        Points = Own(await PointsApp.StartAsync(pointsDb.ConnectionString, CoordinatorAddress, Log));
        Orders = Own(await StartOrderAppAsync());
    }

    /// <summary>Another order service instance (a separate transaction manager process); the caller disposes it.</summary>
    public Task<OrderApp> StartOrderAppAsync() => OrderApp.StartAsync(CoordinatorAddress, Stock.HttpAddress, Points.GrpcAddress, Log, options =>
    {
        // Ride out a coordinator restart (about 20 s of retries).
        options.CoordinatorMaxRetries = 20;
        options.CoordinatorRetryDelay = TimeSpan.FromMilliseconds(200);
        options.CoordinatorMaxRetryDelay = TimeSpan.FromSeconds(1);
    });

    public async Task DisposeAsync()
    {
        // Apps first, databases last.
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }
    }

    private T Own<T>(T disposable)
        where T : IAsyncDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }
}
