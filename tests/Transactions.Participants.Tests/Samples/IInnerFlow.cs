namespace Transactions.Participants.Tests.Samples;

public interface IInnerFlow
{
    [GlobalTransactional(Name = "inner-flow")]
    Task<long?> RunAsync();
}
