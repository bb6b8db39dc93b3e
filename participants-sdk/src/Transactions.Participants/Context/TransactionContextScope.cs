namespace Transactions.Participants.Context;

/// <summary>Restores the previous ambient transaction when disposed (returned by <see cref="TransactionContext.Enter"/>).</summary>
internal sealed class TransactionContextScope(TransactionContextHolder holder, TransactionContextHolder? previous) : IDisposable
{
    private int _disposed;

    public TransactionContextHolder Holder => holder;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            TransactionContext.Restore(holder, previous);
        }
    }
}
