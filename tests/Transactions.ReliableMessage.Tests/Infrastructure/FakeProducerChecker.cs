using Transactions.ReliableMessage.BackCheck;
using Transactions.ReliableMessage.Domain;

namespace Transactions.ReliableMessage.Tests.Infrastructure;

/// <summary>A producer checker that answers as told and counts calls.</summary>
public sealed class FakeProducerChecker : IProducerChecker
{
    private int _calls;

    /// <summary>true = Commit, false = Rollback, null = no answer (throws).</summary>
    public Func<StoredMessage, bool?> Answer { get; set; } = _ => true;

    public int Calls => _calls;

    public Task<bool> ShouldCommitAsync(StoredMessage message, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        return Answer(message) is { } commit
            ? Task.FromResult(commit)
            : throw new ProducerCheckException("The producer did not answer.");
    }
}
