using Transactions.Participants.IntegrationTests.Infrastructure;
using Transactions.Participants.IntegrationTests.Order;
using Transactions.Participants.IntegrationTests.Points;
using Transactions.Participants.IntegrationTests.Stock;
using Transactions.Testing;
using Xunit.Abstractions;

namespace Transactions.Participants.IntegrationTests;

/// <summary>The coordinator is SIGKILLed while Confirms are in flight, or before the Commit, then restarted.</summary>
[Trait("Requires", "PostgreSQL")]
public sealed class CoordinatorRestartTests(ParticipantsFixture fixture, ITestOutputHelper output) : IClassFixture<ParticipantsFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        fixture.Log.WriteTo(output);

        output.WriteLine("--- coordinator ---");
        output.WriteLine(fixture.Coordinator?.Output ?? string.Empty);
        return Task.CompletedTask;
    }

    [PostgresFact]
    public async Task Commit_CoordinatorKilledWhileConfirmsInFlight_EveryEffectExactlyOnce()
    {
        var (sku, user) = ($"sku-{Guid.NewGuid():N}", $"user-{Guid.NewGuid():N}");
        await fixture.Stock.SeedAsync(sku, available: 10);
        await fixture.Points.SeedAsync(user, balance: 0);
        var stockConfirm = fixture.Stock.Hooks.HoldNextConfirm();

        var order = fixture.Orders.PlaceOrderAsync(new PlaceOrder($"order-{Guid.NewGuid():N}", sku, 3, user, 40));

        // Phase 2 is under way: stock's Confirm has reached the stock service (held there), points' Confirm has
        // been applied but the coordinator has not recorded it (the round ends when every Confirm answered).
        await stockConfirm.Entered.WaitAsync(Patience);
        await Eventually.WaitAsync(() => Task.FromResult(fixture.Points.Deliveries[PointsApp.ConfirmPath] >= 1), Patience, "points Confirm delivered");
        fixture.Coordinator.Kill();
        stockConfirm.Release();
        await fixture.Coordinator.StartAgainAsync();

        // The order's commit call is retried by the SDK until the restarted coordinator answers.
        var xid = await order.WaitAsync(Patience);
        await Eventually.WaitAsync(
            async () => (await fixture.Orders.TransactionManager.GetStatusAsync(xid)).Status == GlobalTransactionStatus.Committed,
            Patience,
            $"xid {xid} committed after the restart");

        var product = await fixture.Stock.GetAsync(sku);
        Assert.Equal((7, 0, 3), (product.Available, product.Frozen, product.Sold));
        var account = await fixture.Points.GetAsync(user);
        Assert.Equal((40, 0), (account.Balance, account.Pending));

        // Both participants were asked more than once; the fence applied each Confirm once.
        Assert.True(fixture.Stock.Deliveries[StockTestHooks.ConfirmPath] >= 2, $"stock Confirm deliveries: {fixture.Stock.Deliveries[StockTestHooks.ConfirmPath]}");
        Assert.True(fixture.Points.Deliveries[PointsApp.ConfirmPath] >= 2, $"points Confirm deliveries: {fixture.Points.Deliveries[PointsApp.ConfirmPath]}");
    }

    [PostgresFact]
    public async Task Commit_CoordinatorDownBetweenRegistrationAndCommit_CommitRetriedUntilItIsBackAndTheOrderCommits()
    {
        // An order service with the SDK's default retries (3, from 200 ms: about 1.5 s), which alone would give up
        // on a coordinator that is down for several seconds; the Commit is retried until the transaction's deadline.
        await using var orders = await OrderApp.StartAsync(fixture.CoordinatorAddress, fixture.Stock.HttpAddress, fixture.Points.GrpcAddress, fixture.Log);
        var (sku, user) = ($"sku-{Guid.NewGuid():N}", $"user-{Guid.NewGuid():N}");
        await fixture.Stock.SeedAsync(sku, available: 10);
        await fixture.Points.SeedAsync(user, balance: 0);
        var beforeCommit = orders.Book.HoldNextBeforeCommit();

        var order = orders.PlaceOrderAsync(new PlaceOrder($"order-{Guid.NewGuid():N}", sku, 3, user, 40));
        await beforeCommit.Entered.WaitAsync(Patience);
        fixture.Coordinator.Kill();
        beforeCommit.Release();
        await Task.Delay(TimeSpan.FromSeconds(4));
        await fixture.Coordinator.StartAgainAsync();

        var xid = await order.WaitAsync(Patience);
        await Eventually.WaitAsync(
            async () => (await orders.TransactionManager.GetStatusAsync(xid)).Status == GlobalTransactionStatus.Committed,
            Patience,
            $"xid {xid} committed");
        var product = await fixture.Stock.GetAsync(sku);
        Assert.Equal((7, 0, 3), (product.Available, product.Frozen, product.Sold));
        var account = await fixture.Points.GetAsync(user);
        Assert.Equal((40, 0), (account.Balance, account.Pending));
    }
}
