namespace Transactions.Participants.Tests.Samples;

/// <summary>Records its calls; the Try of sku "boom" throws, Confirm of sku "bad-confirm" throws.</summary>
public sealed class Reservations(CallLog log) : IReservations
{
    public Task<string> ReserveAsync(string sku, int quantity, CancellationToken cancellationToken)
    {
        log.Add($"try {sku} {quantity} xid={TransactionContext.CurrentXid}");
        return sku == "boom" ? Task.FromException<string>(new InvalidOperationException("boom")) : Task.FromResult($"reserved {quantity} {sku}");
    }

    public Task<int> PlainAsync(int value)
    {
        log.Add($"plain {value}");
        return Task.FromResult(value * 2);
    }

    public Task ConfirmAsync(TccContext context, CancellationToken cancellationToken)
    {
        log.Contexts.Enqueue(context);
        var sku = context.GetArgument<string>("sku");
        if (sku == "bad-confirm")
        {
            throw new InvalidOperationException("the warehouse is on fire");
        }

        log.Add($"confirm {sku} {context.GetArgument<int>("quantity")}");
        return Task.CompletedTask;
    }

    internal ValueTask CancelAsync(CancellationToken cancellationToken, TccContext context)
    {
        log.Contexts.Enqueue(context);
        log.Add($"cancel {context.GetArgument<string>("sku")}");
        return ValueTask.CompletedTask;
    }
}
