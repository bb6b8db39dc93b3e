using System.Diagnostics;
using System.Net;
using Samples.Contracts.Faults;
using Samples.Contracts.Orders;
using Transactions.Samples.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Transactions.Samples.IntegrationTests;

/// <summary>
/// The order / stock / points / warehouse flow on PostgreSQL and Kafka, through the services' HTTP APIs only: the
/// business invariants hold once the system settles (stock conserved and never oversold, points of confirmed orders
/// only, one shipment per confirmed order and none for rolled-back ones, one order per request id).
/// </summary>
public sealed class OrderFlowTests(SampleSystemFixture system, ITestOutputHelper output) : IClassFixture<SampleSystemFixture>
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    [SamplesFact]
    public async Task PlaceOrder_200ConcurrentOrdersFor50Units_NeverOversellsAndInvariantsHold()
    {
        var client = system.Client;
        var sku = $"GPU-{_run}";
        var users = Enumerable.Range(1, 10).Select(i => $"buyer{i}-{_run}").ToList();
        await client.CreateProductAsync(sku, 50);
        foreach (var user in users)
        {
            await client.CreateAccountAsync(user);
        }

        var stopwatch = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            client.PlaceOrderAsync(new PlaceOrderRequest($"{_run}-{i}", users[i % users.Count], sku, 1))));
        output.WriteLine($"200 orders answered in {stopwatch.Elapsed.TotalSeconds:0.0} s: {string.Join(", ", results.GroupBy(r => r.StatusCode).Select(g => $"{(int)g.Key} x {g.Count()}"))}");

        var (snapshot, report) = await ScopedSnapshots.WaitSettledAsync(client, new Dictionary<string, int> { [sku] = 50 }, users);
        Assert.True(report.Passed, Reports.Describe(report, snapshot, system.Stack));
        Assert.All(results, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Accepted, HttpStatusCode.Conflict }));
        var product = Assert.Single(snapshot.Products);
        var confirmed = snapshot.Orders.Count(o => o.Status == OrderStatus.Confirmed);
        output.WriteLine($"sold {product.Sold}, available {product.Available}, confirmed orders {confirmed}, shipments {snapshot.Shipments.Count}");
        Assert.InRange(product.Sold, 1, 50);
        Assert.Equal(confirmed, product.Sold);
        Assert.Equal(confirmed, snapshot.Shipments.Count);
        Assert.Equal(confirmed * 10, snapshot.Accounts.Sum(a => a.Available));
        Assert.Equal(200, snapshot.Orders.Count);
    }

    [SamplesFact]
    public async Task PlaceOrder_SameRequestRetried_CreatesOneOrder()
    {
        var client = system.Client;
        var sku = $"BOOK-{_run}";
        var user = $"reader-{_run}";
        await client.CreateProductAsync(sku, 10);
        await client.CreateAccountAsync(user);

        // A request retried after its answer came back.
        var first = await client.PlaceOrderAsync(new PlaceOrderRequest($"{_run}-a", user, sku, 2));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var again = await client.PlaceOrderAsync(new PlaceOrderRequest($"{_run}-a", user, sku, 2));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(first.Order!.OrderId, again.Order!.OrderId);

        // The same request sent five times at once (a client retrying on timeouts).
        var burst = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => client.PlaceOrderAsync(new PlaceOrderRequest($"{_run}-b", user, sku, 1))));
        Assert.All(burst, r => Assert.NotNull(r.Order));
        Assert.Single(burst.Select(r => r.Order!.OrderId).Distinct());

        var (snapshot, report) = await ScopedSnapshots.WaitSettledAsync(client, new Dictionary<string, int> { [sku] = 10 }, [user]);
        Assert.True(report.Passed, Reports.Describe(report, snapshot, system.Stack));
        Assert.Equal(2, snapshot.Orders.Count);
        Assert.All(snapshot.Orders, o => Assert.Equal(OrderStatus.Confirmed, o.Status));
        Assert.Equal(7, snapshot.Products.Single().Available);
        Assert.Equal(2, snapshot.Shipments.Count);
        Assert.Equal(30, snapshot.Accounts.Single().Available);
    }

    [SamplesFact]
    public async Task PlaceOrder_FailingTryInsufficientStockAndFailingConfirm_RollsBackOrConfirmsConsistently()
    {
        var client = system.Client;
        var sku = $"LAMP-{_run}";
        var user = $"owner-{_run}";
        await client.CreateProductAsync(sku, 20);
        await client.CreateAccountAsync(user);
        try
        {
            var ok = await client.PlaceOrderAsync(new PlaceOrderRequest($"{_run}-1", user, sku, 2));
            Assert.Equal(HttpStatusCode.Created, ok.StatusCode);

            await client.SetFaultsAsync("points", FaultSettings.None with { FailTry = true });
            var pointsFail = await client.PlaceOrderAsync(new PlaceOrderRequest($"{_run}-2", user, sku, 3));
            Assert.Equal(HttpStatusCode.Conflict, pointsFail.StatusCode);
            await client.SetFaultsAsync("points", FaultSettings.None);
            var product = (await client.GetProductsAsync()).Single(p => p.Sku == sku);
            Assert.Equal(18, product.Available + product.Frozen);   // the 3 frozen units are released

            var insufficient = await client.PlaceOrderAsync(new PlaceOrderRequest($"{_run}-3", user, sku, 100));
            Assert.Equal(HttpStatusCode.Conflict, insufficient.StatusCode);
            Assert.Contains("Insufficient stock", insufficient.Error, StringComparison.Ordinal);

            await client.SetFaultsAsync("stock", FaultSettings.None with { ConfirmFailures = 3 });
            var retried = await client.PlaceOrderAsync(new PlaceOrderRequest($"{_run}-4", user, sku, 1));
            Assert.Contains(retried.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Accepted });

            await client.SetFaultsAsync("points", FaultSettings.None with { ConfirmDelayMs = 2_000 });
            var slow = await client.PlaceOrderAsync(new PlaceOrderRequest($"{_run}-5", user, sku, 1));
            Assert.Contains(slow.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Accepted });
        }
        finally
        {
            await client.SetFaultsAsync("points", FaultSettings.None);
            await client.SetFaultsAsync("stock", FaultSettings.None);
        }

        var (snapshot, report) = await ScopedSnapshots.WaitSettledAsync(client, new Dictionary<string, int> { [sku] = 20 }, [user]);
        Assert.True(report.Passed, Reports.Describe(report, snapshot, system.Stack));
        Assert.Equal(3, snapshot.Orders.Count(o => o.Status == OrderStatus.Confirmed));
        Assert.Equal(2, snapshot.Orders.Count(o => o.Status == OrderStatus.Cancelled));
        Assert.Equal(new[] { 1, 1, 2 }, snapshot.Shipments.Select(s => s.Quantity).Order());
        Assert.Equal(4, snapshot.Products.Single().Sold);
        Assert.Equal(40, snapshot.Accounts.Single().Available);
    }

    [SamplesFact]
    public async Task PlaceOrder_InvalidRequest_Answers400ProblemDetails()
    {
        var result = await system.Client.PlaceOrderAsync(new PlaceOrderRequest(null, "someone", "SKU", 0));
        Assert.Equal(HttpStatusCode.BadRequest, result.StatusCode);
        Assert.DoesNotContain("   at ", result.Error ?? string.Empty, StringComparison.Ordinal);
    }
}
