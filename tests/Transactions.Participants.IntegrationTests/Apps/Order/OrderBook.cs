using System.Collections.Concurrent;
using Transactions.Participants.IntegrationTests.Stock;

namespace Transactions.Participants.IntegrationTests.Order;

/// <summary>
/// The order service's record of its orders and the global transaction each ran in (in memory here), and a fault
/// injection point of the test harness: hold the next order after its branches registered, before it commits.
/// </summary>
public sealed class OrderBook
{
    private readonly ConcurrentDictionary<string, long> _xids = new(StringComparer.Ordinal);
    private TransactionHold? _beforeCommit;

    /// <summary>The next order waits, once both branches are registered and tried, until the hold is released.</summary>
    public TransactionHold HoldNextBeforeCommit()
    {
        var hold = new TransactionHold();
        Volatile.Write(ref _beforeCommit, hold);
        return hold;
    }

    internal Task WaitIfHeldBeforeCommitAsync(CancellationToken cancellationToken) =>
        Interlocked.Exchange(ref _beforeCommit, null)?.WaitAsync(cancellationToken) ?? Task.CompletedTask;

    public void Record(string orderId, long xid) => _xids[orderId] = xid;

    public long XidOf(string orderId) => _xids[orderId];
}
