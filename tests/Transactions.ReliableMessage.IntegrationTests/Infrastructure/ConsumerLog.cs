using System.Collections.Concurrent;

namespace Transactions.ReliableMessage.IntegrationTests.Infrastructure;

/// <summary>What a consumer's handler saw, and whether it should fail.</summary>
public sealed class ConsumerLog
{
    public ConcurrentQueue<(long MessageId, int Attempt, DateTimeOffset At, bool Failed)> Calls { get; } = new();

    /// <summary>Set to make the handler throw.</summary>
    public volatile bool Fail;

    public IReadOnlyList<int> AttemptsOf(long messageId) => Calls.Where(c => c.MessageId == messageId).Select(c => c.Attempt).ToList();
}
