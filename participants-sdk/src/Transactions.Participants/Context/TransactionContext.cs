using Transactions.Participants.Context;

namespace Transactions.Participants;

/// <summary>
/// The ambient global transaction of the current async flow: set by <c>[GlobalTransactional]</c>,
/// <see cref="ITransactionManager.BeginAsync"/> and the incoming <c>tx-xid</c> header
/// (<c>app.UseTransactionPropagation()</c>); read by TCC Try methods and by the outgoing propagation
/// (HttpClient handler, gRPC <c>CallOptions.WithTransaction()</c>). Flows across <c>await</c> like
/// <see cref="System.Diagnostics.Activity.Current"/>.
/// </summary>
public static class TransactionContext
{
    private static readonly AsyncLocal<TransactionContextHolder?> Ambient = new();

    /// <summary>The XID of the ambient global transaction, or <see langword="null"/> outside one.</summary>
    public static long? CurrentXid => Ambient.Value?.Xid;

    /// <summary>Whether the current flow runs inside a global transaction.</summary>
    public static bool IsInGlobalTransaction => CurrentXid is not null;

    /// <summary>
    /// Binds <paramref name="xid"/> to the current async flow until the returned scope is disposed (dispose it
    /// in the same flow, typically with <c>using</c>). For custom transports, e.g. a message consumer that
    /// carries the XID in its envelope; HTTP and gRPC requests are handled by <c>UseTransactionPropagation</c>.
    /// Disposing the scope also ends the transaction for work forked from this flow that is still running
    /// (fire-and-forget tasks no longer propagate the XID).
    /// </summary>
    /// <param name="xid">The global transaction id (positive).</param>
    /// <returns>A scope that restores the previous ambient transaction when disposed.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="xid"/> is not positive.</exception>
    public static IDisposable Enter(long xid)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(xid);
        var holder = new TransactionContextHolder();
        holder.Set(xid);
        return Install(holder);
    }

    /// <summary>Installs <paramref name="holder"/> as the ambient transaction of the current flow.</summary>
    internal static TransactionContextScope Install(TransactionContextHolder holder)
    {
        var previous = Ambient.Value;
        Ambient.Value = holder;
        return new TransactionContextScope(holder, previous);
    }

    /// <summary>Ends <paramref name="holder"/> everywhere it flowed, and restores <paramref name="previous"/> when it is still current here.</summary>
    internal static void Restore(TransactionContextHolder holder, TransactionContextHolder? previous)
    {
        holder.Clear();
        if (ReferenceEquals(Ambient.Value, holder))
        {
            Ambient.Value = previous;
        }
    }
}
