using Samples.Contracts.Orders;

namespace Samples.Demo.Verification;

/// <summary>
/// The business invariants of the sample system once it has settled (no transaction in flight):
/// every order finished; per product, <c>available + frozen + sold = initial</c>, nothing frozen, and sold = the
/// confirmed orders' units; per user, no pending points and available = the confirmed orders' points; exactly one
/// shipment per confirmed order and none for any other; one order per request id.
/// </summary>
public static class ConsistencyCheck
{
    /// <summary>Checks the invariants on <paramref name="snapshot"/>.</summary>
    /// <param name="snapshot">The system's state.</param>
    /// <param name="initialStock">Units each product was created with (only these products are checked).</param>
    /// <returns>The report.</returns>
    public static ConsistencyReport Evaluate(SystemSnapshot snapshot, IReadOnlyDictionary<string, int> initialStock)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(initialStock);
        var checks = 0;
        var violations = new List<string>();
        void Check(bool holds, string violation)
        {
            checks++;
            if (!holds)
            {
                violations.Add(violation);
            }
        }

        var confirmed = snapshot.Orders.Where(o => o.Status == OrderStatus.Confirmed).ToList();
        var pending = snapshot.Orders.Count(o => o.Status == OrderStatus.Pending);
        Check(pending == 0, $"{pending} order(s) still pending");

        foreach (var (sku, initial) in initialStock)
        {
            var product = snapshot.Products.FirstOrDefault(p => p.Sku == sku);
            Check(product is not null, $"product {sku} is missing");
            if (product is null)
            {
                continue;
            }

            var sum = product.Available + product.Frozen + product.Sold;
            Check(sum == initial, $"stock of {sku} not conserved: available {product.Available} + frozen {product.Frozen} + sold {product.Sold} = {sum}, initial {initial}");
            Check(product.Available >= 0 && product.Frozen >= 0 && product.Sold >= 0, $"stock of {sku} went negative: {product}");
            Check(product.Frozen == 0, $"{product.Frozen} unit(s) of {sku} still frozen");
            var soldByOrders = confirmed.Where(o => o.Sku == sku).Sum(o => o.Quantity);
            Check(product.Sold == soldByOrders, $"{sku}: sold {product.Sold}, but confirmed orders hold {soldByOrders}");
        }

        foreach (var account in snapshot.Accounts)
        {
            var earned = confirmed.Where(o => o.UserId == account.UserId).Sum(o => o.Points);
            Check(account.Pending == 0, $"{account.UserId} still has {account.Pending} pending point(s)");
            Check(account.Available == earned, $"{account.UserId} has {account.Available} point(s), confirmed orders earned {earned}");
        }

        var shipmentsByOrder = snapshot.Shipments.GroupBy(s => s.OrderId).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var missing = confirmed.Count(o => !shipmentsByOrder.ContainsKey(o.OrderId));
        Check(missing == 0, $"{missing} confirmed order(s) without a shipment");
        var duplicated = shipmentsByOrder.Count(s => s.Value > 1);
        Check(duplicated == 0, $"{duplicated} order(s) with more than one shipment");
        var confirmedIds = confirmed.Select(o => o.OrderId).ToHashSet(StringComparer.Ordinal);
        var stray = snapshot.Shipments.Count(s => !confirmedIds.Contains(s.OrderId));
        Check(stray == 0, $"{stray} shipment(s) for orders that are not confirmed");

        var repeatedRequests = snapshot.Orders.GroupBy(o => o.RequestId).Count(g => g.Count() > 1);
        Check(repeatedRequests == 0, $"{repeatedRequests} request id(s) created more than one order");
        return new ConsistencyReport(checks, violations);
    }

    /// <summary>
    /// Takes snapshots until the invariants hold or <paramref name="timeout"/> passes (retries, redeliveries and
    /// back-checks need some seconds); answers the last snapshot and its report.
    /// </summary>
    /// <param name="snapshot">Takes a snapshot.</param>
    /// <param name="initialStock">Units each product was created with.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="timeProvider">Time.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The last snapshot and its report.</returns>
    public static async Task<(SystemSnapshot Snapshot, ConsistencyReport Report)> WaitSettledAsync(
        Func<CancellationToken, Task<SystemSnapshot>> snapshot,
        IReadOnlyDictionary<string, int> initialStock,
        TimeSpan timeout,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var deadline = timeProvider.GetUtcNow() + timeout;
        while (true)
        {
            var current = await snapshot(cancellationToken);
            var report = Evaluate(current, initialStock);
            if (report.Passed || timeProvider.GetUtcNow() >= deadline)
            {
                return (current, report);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), timeProvider, cancellationToken);
        }
    }
}
