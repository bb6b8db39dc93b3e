using System.Diagnostics;
using Samples.Contracts.Faults;
using Samples.Contracts.Orders;
using Samples.Demo.Client;
using Transactions.Samples.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Transactions.Samples.IntegrationTests;

/// <summary>The points service is killed (SIGKILL) while orders are placed and started again: the invariants hold once the system settles.</summary>
public sealed class PointsRestartTests(SampleSystemFixture system, ITestOutputHelper output) : IClassFixture<SampleSystemFixture>
{
    private const int Orders = 40;

    [SamplesFact]
    public async Task PlaceOrder_PointsKilledAndRestartedDuringRun_InvariantsHoldOnceSettled()
    {
        var client = system.Client;
        var run = Guid.NewGuid().ToString("N")[..8];
        var sku = $"PHONE-{run}";
        var users = Enumerable.Range(1, 4).Select(i => $"caller{i}-{run}").ToList();
        await client.CreateProductAsync(sku, 100);
        foreach (var user in users)
        {
            await client.CreateAccountAsync(user);
        }

        // A slow points Confirm, so that orders are in phase 2 when the process dies: the coordinator retries their
        // Confirm until points is back (the restarted process starts with the switches off).
        await client.SetFaultsAsync("points", FaultSettings.None with { ConfirmDelayMs = 1_500 });
        var answered = 0;
        using var gate = new SemaphoreSlim(4);
        var placing = Enumerable.Range(0, Orders).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                return await client.PlaceOrderAsync(new PlaceOrderRequest($"{run}-{i}", users[i % users.Count], sku, 1));
            }
            finally
            {
                Interlocked.Increment(ref answered);
                gate.Release();
            }
        }).ToList();

        await WaitUntilAsync(() => Volatile.Read(ref answered) >= 8, "8 orders answered before the kill");
        system.Stack.Points.Kill();
        output.WriteLine($"points killed after {Volatile.Read(ref answered)} answers");
        var atKill = Volatile.Read(ref answered);
        await WaitUntilAsync(() => Volatile.Read(ref answered) >= Math.Min(Orders, atKill + 8), "orders answered while points is down");
        var stopwatch = Stopwatch.StartNew();
        await system.Stack.Points.StartAsync(TimeSpan.FromSeconds(120), CancellationToken.None);
        output.WriteLine($"points restarted in {stopwatch.Elapsed.TotalSeconds:0.0} s, {Volatile.Read(ref answered)} answers so far");

        OrderResult[] results = await Task.WhenAll(placing);
        output.WriteLine(string.Join(", ", results.GroupBy(r => r.StatusCode).Select(g => $"{(int)g.Key} x {g.Count()}")));

        // Orders whose Try met the dead points service: 503 (an outage, retry later) naming the service, not its address.
        var unavailable = results.Where(r => r.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable).ToList();
        Assert.NotEmpty(unavailable);
        Assert.All(unavailable, r =>
        {
            Assert.Contains("The points service did not answer", r.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("127.0.0.1", r.Error, StringComparison.Ordinal);
            Assert.Equal(OrderStatus.Cancelled, r.Order?.Status);
        });

        var (snapshot, report) = await ScopedSnapshots.WaitSettledAsync(client, new Dictionary<string, int> { [sku] = 100 }, users);
        Assert.True(report.Passed, Reports.Describe(report, snapshot, system.Stack));
        var confirmed = snapshot.Orders.Where(o => o.Status == OrderStatus.Confirmed).ToList();
        output.WriteLine($"confirmed {confirmed.Count}, cancelled {snapshot.Orders.Count(o => o.Status == OrderStatus.Cancelled)}, shipments {snapshot.Shipments.Count}");
        Assert.NotEmpty(confirmed);
        Assert.Equal(confirmed.Count, snapshot.Shipments.Count);
        Assert.Equal(confirmed.Sum(o => o.Points), snapshot.Accounts.Sum(a => a.Available));
    }

    [SamplesFact]
    public async Task PlaceOrder_CoordinatorDown_503NamingIt_NothingRecorded_ThenPlacedOnceItIsBack()
    {
        var client = system.Client;
        var run = Guid.NewGuid().ToString("N")[..8];
        var sku = $"DESK-{run}";
        var user = $"writer-{run}";
        await client.CreateProductAsync(sku, 10);
        await client.CreateAccountAsync(user);

        system.Stack.Coordinator.Kill();
        OrderResult down;
        try
        {
            down = await client.PlaceOrderAsync(new PlaceOrderRequest($"{run}-down", user, sku, 1));
        }
        finally
        {
            await system.Stack.Coordinator.StartAsync(TimeSpan.FromSeconds(120), CancellationToken.None);
        }

        var back = await client.PlaceOrderAsync(new PlaceOrderRequest($"{run}-back", user, sku, 1));

        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Contains("The transaction coordinator did not answer", down.Error, StringComparison.Ordinal);
        Assert.Contains("Nothing was recorded", down.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", down.Error, StringComparison.Ordinal);
        Assert.Null(down.Order);
        Assert.Contains(back.StatusCode, new[] { System.Net.HttpStatusCode.Created, System.Net.HttpStatusCode.Accepted });
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!condition())
        {
            if (stopwatch.Elapsed > TimeSpan.FromSeconds(180))
            {
                throw new TimeoutException($"Not within 180 s: {what}");
            }

            await Task.Delay(50);
        }
    }
}
