using Microsoft.AspNetCore.Builder;

namespace Transactions.Participants.IntegrationTests.Stock;

/// <summary>
/// Fault injection, added by the test harness around the stock service (not part of it): hold the next local
/// database transaction (to delay a Try after its branch registered, as a slow network or a GC pause would),
/// or the next Confirm request from the coordinator.
/// </summary>
public sealed class StockTestHooks
{
    public const string ConfirmPath = "/transactions.v1.Participant/Confirm";

    private TransactionHold? _nextTransaction;
    private TransactionHold? _nextConfirm;

    public StockTestHooks()
    {
        TransactionInterceptor = new HoldingTransactionInterceptor(this);
    }

    /// <summary>The EF Core interceptor the harness adds to the stock DbContext.</summary>
    public HoldingTransactionInterceptor TransactionInterceptor { get; }

    /// <summary>The next local transaction that starts on a stock DbContext waits for the hold's release.</summary>
    public TransactionHold HoldNextTransaction() => Arm(ref _nextTransaction);

    /// <summary>The next Confirm request (gRPC) waits for the hold's release before it is handled.</summary>
    public TransactionHold HoldNextConfirm() => Arm(ref _nextConfirm);

    /// <summary>Adds the middleware that holds Confirm requests.</summary>
    public void UseIn(WebApplication app) => app.Use(async (context, next) =>
    {
        if (context.Request.Path == ConfirmPath && Interlocked.Exchange(ref _nextConfirm, null) is { } hold)
        {
            await hold.WaitAsync(CancellationToken.None);
        }

        await next(context);
    });

    internal Task WaitIfTransactionHeldAsync(CancellationToken cancellationToken) =>
        Interlocked.Exchange(ref _nextTransaction, null)?.WaitAsync(cancellationToken) ?? Task.CompletedTask;

    private static TransactionHold Arm(ref TransactionHold? slot)
    {
        var hold = new TransactionHold();
        Volatile.Write(ref slot, hold);
        return hold;
    }
}
