using System.Collections.Concurrent;

namespace Transactions.Participants.IntegrationTests.Order;

/// <summary>The order service's record of its orders and the global transaction each ran in (in memory here).</summary>
public sealed class OrderBook
{
    private readonly ConcurrentDictionary<string, long> _xids = new(StringComparer.Ordinal);

    public void Record(string orderId, long xid) => _xids[orderId] = xid;

    public long XidOf(string orderId) => _xids[orderId];
}
