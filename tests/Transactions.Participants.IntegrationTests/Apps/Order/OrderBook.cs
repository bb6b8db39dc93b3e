using System.Collections.Concurrent;

namespace Transactions.Participants.IntegrationTests.Order;

/// <summary>Which global transaction each order ran in (so a test can look up a failed order's XID).</summary>
public sealed class OrderJournal
{
    private readonly ConcurrentDictionary<string, long> _xids = new(StringComparer.Ordinal);

    public void Started(string orderId, long xid) => _xids[orderId] = xid;

    public long XidOf(string orderId) => _xids[orderId];
}
