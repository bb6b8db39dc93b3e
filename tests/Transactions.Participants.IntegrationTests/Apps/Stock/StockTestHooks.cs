namespace Transactions.Participants.IntegrationTests.Stock;

/// <summary>
/// Fault injection for tests (a singleton of the stock app): hold the next local database transaction (to
/// delay a Try after its branch registered, as a slow network or a GC pause would) or the next Confirm.
/// </summary>
public sealed class StockTestHooks
{
    private TransactionHold? _nextTransaction;
    private TransactionHold? _nextConfirm;

    public StockTestHooks()
    {
        TransactionInterceptor = new HoldingTransactionInterceptor(this);
    }

    /// <summary>The EF Core interceptor the stock DbContext is configured with.</summary>
    public HoldingTransactionInterceptor TransactionInterceptor { get; }

    /// <summary>The next local transaction that starts on a stock DbContext waits for the hold's release.</summary>
    public TransactionHold HoldNextTransaction() => Arm(ref _nextTransaction);

    /// <summary>The next Confirm waits for the hold's release (inside its fence transaction).</summary>
    public TransactionHold HoldNextConfirm() => Arm(ref _nextConfirm);

    private static TransactionHold Arm(ref TransactionHold? slot)
    {
        var hold = new TransactionHold();
        Volatile.Write(ref slot, hold);
        return hold;
    }

    internal Task WaitIfTransactionHeldAsync(CancellationToken cancellationToken) =>
        Interlocked.Exchange(ref _nextTransaction, null)?.WaitAsync(cancellationToken) ?? Task.CompletedTask;

    internal Task WaitIfConfirmHeldAsync(CancellationToken cancellationToken) =>
        Interlocked.Exchange(ref _nextConfirm, null)?.WaitAsync(cancellationToken) ?? Task.CompletedTask;
}
