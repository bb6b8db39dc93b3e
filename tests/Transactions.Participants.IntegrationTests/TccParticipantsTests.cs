using System.Net;
using Grpc.Core;
using Transactions.Participants.IntegrationTests.Infrastructure;
using Transactions.Participants.IntegrationTests.Order;
using Transactions.Testing;
using Xunit.Abstractions;

namespace Transactions.Participants.IntegrationTests;

/// <summary>
/// The SDK end to end over real sockets: a real coordinator process, the stock participant (gRPC endpoint),
/// the points participant (HTTP/JSON endpoint) and the order service ([GlobalTransactional]), all on PostgreSQL.
/// </summary>
[Trait("Requires", "PostgreSQL")]
public sealed class TccParticipantsTests(ParticipantsFixture fixture, ITestOutputHelper output) : IClassFixture<ParticipantsFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        fixture.Log.WriteTo(output);

        return Task.CompletedTask;
    }

    [PostgresFact]
    public async Task PlaceOrder_BothTriesSucceed_BothBranchesConfirmedAndStateFinal()
    {
        var (sku, user) = (NewId("sku"), NewId("user"));
        await fixture.Stock.SeedAsync(sku, available: 10);
        await fixture.Points.SeedAsync(user, balance: 100);

        var xid = await fixture.Orders.PlaceOrderAsync(new PlaceOrder(NewId("order"), sku, 3, user, 30));

        var tx = await fixture.Orders.TransactionManager.GetStatusAsync(xid);
        Assert.Equal(GlobalTransactionStatus.Committed, tx.Status);
        Assert.Equal(["stock-service/freeze-stock", "points-service/grant-points"], tx.Branches.Select(b => $"{b.ResourceId}/{b.ActionName}"));
        Assert.All(tx.Branches, b => Assert.Equal(BranchTransactionStatus.Confirmed, b.Status));
        var product = await fixture.Stock.GetAsync(sku);
        Assert.Equal((7, 0, 3), (product.Available, product.Frozen, product.Sold));
        var account = await fixture.Points.GetAsync(user);
        Assert.Equal((130, 0), (account.Balance, account.Pending));
    }

    [PostgresFact]
    public async Task PlaceOrder_SecondTryThrows_FirstBranchCancelledAndExceptionReachesCaller()
    {
        var (sku, ghost, orderId) = (NewId("sku"), NewId("ghost"), NewId("order"));
        await fixture.Stock.SeedAsync(sku, available: 10);

        var ex = await Assert.ThrowsAsync<RpcException>(() => fixture.Orders.PlaceOrderAsync(new PlaceOrder(orderId, sku, 4, ghost, 10)));

        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        Assert.Contains(ghost, ex.Status.Detail, StringComparison.Ordinal);
        var xid = fixture.Orders.Book.XidOf(orderId);
        var tx = await WaitForStatusAsync(xid, GlobalTransactionStatus.RolledBack);
        Assert.Equal(2, tx.Branches.Count);
        Assert.All(tx.Branches, b => Assert.Equal(BranchTransactionStatus.Cancelled, b.Status));
        var product = await fixture.Stock.GetAsync(sku);
        Assert.Equal((10, 0, 0), (product.Available, product.Frozen, product.Sold));
    }

    [PostgresFact]
    public async Task LateTry_CancelArrivedFirst_TryRefusedAndNothingStaysReserved()
    {
        var sku = NewId("sku");
        await fixture.Stock.SeedAsync(sku, available: 10);
        var hold = fixture.Stock.Hooks.HoldNextTransaction();
        Task freeze;
        long xid;

        await using (var tx = await fixture.Orders.TransactionManager.BeginAsync("reordered-order", TimeSpan.FromSeconds(30)))
        {
            xid = tx.Xid;
            freeze = fixture.Orders.StockClient.FreezeAsync(sku, 5, CancellationToken.None);

            // The Try registered its branch and now waits before its local transaction, like a request
            // delayed on the network: the caller gives up and rolls back, so the Cancel overtakes the Try.
            await hold.Entered.WaitAsync(Patience);
            Assert.Equal(GlobalTransactionStatus.RolledBack, await tx.RollbackAsync("gave up while the Try was delayed"));
        }

        hold.Release();
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => freeze);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var product = await fixture.Stock.GetAsync(sku);
        Assert.Equal((10, 0, 0), (product.Available, product.Frozen, product.Sold));
        var status = await fixture.Orders.TransactionManager.GetStatusAsync(xid);
        Assert.Equal(GlobalTransactionStatus.RolledBack, status.Status);
        Assert.Equal(BranchTransactionStatus.Cancelled, Assert.Single(status.Branches).Status);
    }

    [PostgresFact]
    public async Task TransactionManagerDies_BeforeCommit_RolledBackAtDeadlineAndReservationsReleased()
    {
        var (sku, user) = (NewId("sku"), NewId("user"));
        await fixture.Stock.SeedAsync(sku, available: 10);
        await fixture.Points.SeedAsync(user, balance: 50);

        long xid;
        await using (var doomed = await fixture.StartOrderAppAsync())
        {
            xid = await ReserveWithoutCommittingAsync(doomed, sku, user);
            var reserved = await fixture.Stock.GetAsync(sku);
            Assert.Equal((8, 2), (reserved.Available, reserved.Frozen));
            Assert.Equal(20, (await fixture.Points.GetAsync(user)).Pending);
        }

        // The transaction manager is gone without committing: the coordinator rolls back at the deadline.
        var tx = await WaitForStatusAsync(xid, GlobalTransactionStatus.RolledBack, TimeSpan.FromSeconds(60));
        Assert.All(tx.Branches, b => Assert.Equal(BranchTransactionStatus.Cancelled, b.Status));
        var product = await fixture.Stock.GetAsync(sku);
        Assert.Equal((10, 0, 0), (product.Available, product.Frozen, product.Sold));
        var account = await fixture.Points.GetAsync(user);
        Assert.Equal((50, 0), (account.Balance, account.Pending));
    }

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    /// <summary>Begins, reserves in both services, and never commits nor disposes the scope (the process "dies").</summary>
    private static async Task<long> ReserveWithoutCommittingAsync(OrderApp transactionManager, string sku, string user)
    {
        // A deadline a loaded 2-core machine meets for both reservations and the checks after them (4 s raced them).
        var tx = await transactionManager.TransactionManager.BeginAsync("doomed-order", TimeSpan.FromSeconds(10));
        await transactionManager.StockClient.FreezeAsync(sku, 2, CancellationToken.None);
        await transactionManager.PointsClient.GrantAsync(user, 20, CancellationToken.None);
        return tx.Xid;
    }

    private async Task<GlobalTransactionInfo> WaitForStatusAsync(long xid, GlobalTransactionStatus wanted, TimeSpan? patience = null)
    {
        GlobalTransactionInfo? last = null;
        await Eventually.WaitAsync(
            async () => (last = await fixture.Orders.TransactionManager.GetStatusAsync(xid)).Status == wanted,
            patience ?? Patience,
            $"xid {xid} {wanted}");
        return last!;
    }
}
