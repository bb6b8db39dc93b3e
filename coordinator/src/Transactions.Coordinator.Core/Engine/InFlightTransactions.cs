using System.Collections.Concurrent;

namespace Transactions.Coordinator.Engine;

/// <summary>Transactions this instance is driving right now, so recovery does not drive them twice.</summary>
public sealed class InFlightTransactions
{
    private readonly ConcurrentDictionary<long, byte> _xids = new();

    /// <summary>Marks the transaction as driven here; false when it already is.</summary>
    public bool TryEnter(long xid) => _xids.TryAdd(xid, 0);

    /// <summary>Marks the transaction as no longer driven here.</summary>
    public void Exit(long xid) => _xids.TryRemove(xid, out _);

    /// <summary>Number of transactions driven right now.</summary>
    public int Count => _xids.Count;
}
