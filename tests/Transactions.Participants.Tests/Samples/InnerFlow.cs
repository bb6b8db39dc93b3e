namespace Transactions.Participants.Tests.Samples;

public sealed class InnerFlow : IInnerFlow
{
    public Task<long?> RunAsync() => Task.FromResult(TransactionContext.CurrentXid);
}
