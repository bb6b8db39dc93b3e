using Samples.Demo.Client;
using Samples.Demo.Verification;

namespace Transactions.Samples.IntegrationTests.Infrastructure;

/// <summary>Snapshots restricted to one test's products and users (tests of a class share one system).</summary>
public static class ScopedSnapshots
{
    /// <summary>Takes a snapshot of <paramref name="client"/>'s system holding only <paramref name="skus"/> and <paramref name="users"/>.</summary>
    /// <param name="client">The client.</param>
    /// <param name="skus">The test's products.</param>
    /// <param name="users">The test's users.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The snapshot.</returns>
    public static async Task<SystemSnapshot> TakeAsync(SampleClient client, IReadOnlyCollection<string> skus, IReadOnlyCollection<string> users, CancellationToken cancellationToken)
    {
        var all = await client.SnapshotAsync(cancellationToken);
        return new SystemSnapshot(
            all.Orders.Where(o => skus.Contains(o.Sku)).ToList(),
            all.Products.Where(p => skus.Contains(p.Sku)).ToList(),
            all.Accounts.Where(a => users.Contains(a.UserId)).ToList(),
            all.Shipments.Where(s => skus.Contains(s.Sku)).ToList());
    }

    /// <summary>Waits until the test's part of the system settles; answers the last snapshot and report.</summary>
    /// <param name="client">The client.</param>
    /// <param name="initialStock">The test's products and their initial units.</param>
    /// <param name="users">The test's users.</param>
    /// <returns>The snapshot and the report.</returns>
    public static Task<(SystemSnapshot Snapshot, ConsistencyReport Report)> WaitSettledAsync(SampleClient client, IReadOnlyDictionary<string, int> initialStock, IReadOnlyCollection<string> users) =>
        ConsistencyCheck.WaitSettledAsync(
            ct => TakeAsync(client, initialStock.Keys.ToList(), users, ct),
            initialStock,
            TimeSpan.FromSeconds(120),
            TimeProvider.System,
            CancellationToken.None);
}
