namespace Transactions.Participants.Context;

/// <summary>
/// The mutable cell the ambient <see cref="AsyncLocal{T}"/> points at. Sharing one cell lets an async
/// method fill in the XID after the caller's flow captured the cell (a value set inside an async method
/// would not flow back to its caller), and lets the owner end the transaction in every flow it reached.
/// </summary>
internal sealed class TransactionContextHolder
{
    private long _xid;

    /// <summary>The XID, or <see langword="null"/> before it is known and after the scope ended.</summary>
    public long? Xid => Volatile.Read(ref _xid) is var xid and > 0 ? xid : null;

    public void Set(long xid) => Volatile.Write(ref _xid, xid);

    public void Clear() => Volatile.Write(ref _xid, 0);
}
