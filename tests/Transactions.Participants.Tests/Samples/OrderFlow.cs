namespace Transactions.Participants.Tests.Samples;

public sealed class OrderFlow(IInnerFlow inner, IReservations reservations, CallLog log) : IOrderFlow
{
    [GlobalTransactional(Name = "order-flow", TimeoutMs = 12_000)]
    public async Task<int> PlaceAsync(int value, CancellationToken cancellationToken)
    {
        await Task.Yield();
        log.Add($"place xid={TransactionContext.CurrentXid}");
        return value + 1;
    }

    [GlobalTransactional]
    public async Task FailAsync()
    {
        await Task.Yield();
        throw new InvalidOperationException("business failure");
    }

    [GlobalTransactional]
    public ValueTask<long?> CurrentXidAsync() => ValueTask.FromResult(TransactionContext.CurrentXid);

    [GlobalTransactional]
    public async ValueTask NestedAsync()
    {
        var outer = TransactionContext.CurrentXid;
        var seenInside = await inner.RunAsync();
        log.Add($"nested outer={outer} inner={seenInside}");
    }

    public Task<long?> PlainXidAsync() => Task.FromResult(TransactionContext.CurrentXid);

    [GlobalTransactional(Name = "reserve-flow")]
    public async Task ReserveAsync(string sku)
    {
        await reservations.ReserveAsync(sku, 1, CancellationToken.None);
    }
}
