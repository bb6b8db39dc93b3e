using System.Collections.Concurrent;

namespace Transactions.Participants.Tests.Samples;

/// <summary>What the sample services did, in order, with the ambient XID seen at the time.</summary>
public sealed class CallLog
{
    public ConcurrentQueue<string> Entries { get; } = new();

    public ConcurrentQueue<TccContext> Contexts { get; } = new();

    public void Add(string entry) => Entries.Enqueue(entry);
}
