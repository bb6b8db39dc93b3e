using System.Diagnostics;
using System.Globalization;
using System.Net;
using Samples.Contracts.Faults;
using Samples.Contracts.Orders;
using Samples.Demo.Client;
using Samples.Demo.Verification;

namespace Samples.Demo.Script;

/// <summary>
/// The scripted demo: a few successful orders, a retried request, an order whose points Try fails (rolled back, stock
/// released), one with insufficient stock, one whose stock Confirm fails twice (retried by the coordinator) and one
/// with a slow points Confirm; then waits for the system to settle and checks it.
/// </summary>
public sealed class DemoScript(SampleClient client, TextWriter output, TimeProvider timeProvider)
{
    private const string Keyboard = "KEYBOARD";
    private const string Mouse = "MOUSE";
    private readonly List<ScriptStep> _steps = [];
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private int _requests;

    /// <summary>Runs the script.</summary>
    /// <param name="settleTimeout">How long to wait for the system to settle at the end.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The result.</returns>
    public async Task<DemoResult> RunAsync(TimeSpan settleTimeout, CancellationToken cancellationToken)
    {
        var initial = new Dictionary<string, int>(StringComparer.Ordinal) { [Keyboard] = 10, [Mouse] = 4 };
        Progress("seeding: products KEYBOARD x 10, MOUSE x 4; points accounts alice, bob");
        foreach (var (sku, units) in initial)
        {
            await client.CreateProductAsync(sku, units, cancellationToken);
        }

        await client.CreateAccountAsync("alice", cancellationToken);
        await client.CreateAccountAsync("bob", cancellationToken);
        var before = await client.SnapshotAsync(cancellationToken);

        await OrderAsync("alice buys 2 KEYBOARD", "alice", Keyboard, 2, OrderStatus.Confirmed, cancellationToken);
        await OrderAsync("bob buys 1 MOUSE", "bob", Mouse, 1, OrderStatus.Confirmed, cancellationToken);
        var third = await OrderAsync("alice buys 1 MOUSE", "alice", Mouse, 1, OrderStatus.Confirmed, cancellationToken);
        await RetryAsync("the same request again (client retry)", third, cancellationToken);

        await client.SetFaultsAsync("points", FaultSettings.None with { FailTry = true }, cancellationToken);
        await OrderAsync("bob buys 3 KEYBOARD, points Try fails", "bob", Keyboard, 3, OrderStatus.Cancelled, cancellationToken);
        await client.SetFaultsAsync("points", FaultSettings.None, cancellationToken);
        var keyboard = (await client.GetProductsAsync(cancellationToken)).Single(p => p.Sku == Keyboard);
        Record("KEYBOARD stock released after the rollback", "8 available, 0 frozen", $"{keyboard.Available} available, {keyboard.Frozen} frozen", keyboard is { Available: 8, Frozen: 0 });

        await OrderAsync("alice buys 5 MOUSE, only 2 left", "alice", Mouse, 5, OrderStatus.Cancelled, cancellationToken);

        await client.SetFaultsAsync("stock", FaultSettings.None with { ConfirmFailures = 2 }, cancellationToken);
        await OrderAsync("bob buys 1 KEYBOARD, stock Confirm fails twice", "bob", Keyboard, 1, OrderStatus.Confirmed, cancellationToken);
        await client.SetFaultsAsync("points", FaultSettings.None with { ConfirmDelayMs = 1_500 }, cancellationToken);
        await OrderAsync("alice buys 2 KEYBOARD, slow points Confirm", "alice", Keyboard, 2, OrderStatus.Confirmed, cancellationToken);
        await client.SetFaultsAsync("points", FaultSettings.None, cancellationToken);
        await client.SetFaultsAsync("stock", FaultSettings.None, cancellationToken);

        Progress("waiting for the system to settle (Confirm retries, shipment notices)...");
        var stopwatch = Stopwatch.StartNew();
        var (after, report) = await ConsistencyCheck.WaitSettledAsync(client.SnapshotAsync, initial, settleTimeout, timeProvider, cancellationToken);
        Progress(report.Passed
            ? $"settled in {stopwatch.Elapsed.TotalSeconds:0.0} s"
            : $"NOT settled after {stopwatch.Elapsed.TotalSeconds:0.0} s");
        return new DemoResult(initial, before, after, report, _steps);
    }

    private async Task<OrderResult> OrderAsync(string title, string user, string sku, int quantity, OrderStatus expected, CancellationToken cancellationToken)
    {
        var requestId = $"demo-{_run}-{++_requests}";
        var stopwatch = Stopwatch.StartNew();
        var result = await client.PlaceOrderAsync(new PlaceOrderRequest(requestId, user, sku, quantity), cancellationToken);
        var status = result.Order?.Status;
        var actual = status is null ? $"{(int)result.StatusCode}" : $"{status} ({(int)result.StatusCode})";
        if (result.Error is { } error)
        {
            actual += $": {error}";
        }

        // 202: decided to commit, a Confirm is still being retried; the settle check sees it finish.
        var ok = status == expected || (expected == OrderStatus.Confirmed && result.StatusCode == HttpStatusCode.Accepted);
        Record(title, expected.ToString(), $"{actual} in {stopwatch.Elapsed.TotalSeconds:0.0} s", ok);
        return result;
    }

    private async Task RetryAsync(string title, OrderResult first, CancellationToken cancellationToken)
    {
        var order = first.Order;
        if (order is null)
        {
            Record(title, "the same order", "no first order to retry", false);
            return;
        }

        var again = await client.PlaceOrderAsync(new PlaceOrderRequest(order.RequestId, order.UserId, order.Sku, order.Quantity), cancellationToken);
        var same = again.StatusCode == HttpStatusCode.OK && again.Order?.OrderId == order.OrderId;
        Record(title, $"order {order.OrderId[..8]} again (200)", $"order {again.Order?.OrderId[..8] ?? "none"} ({(int)again.StatusCode})", same);
    }

    private void Record(string title, string expected, string actual, bool ok)
    {
        _steps.Add(new ScriptStep(title, expected, actual, ok));
        Progress(string.Create(CultureInfo.InvariantCulture, $"[{_steps.Count}] {title}: {actual}{(ok ? string.Empty : $"  <-- expected {expected}")}"));
    }

    private void Progress(string line) => output.WriteLine($"[{timeProvider.GetLocalNow():HH:mm:ss}] {line}");
}
