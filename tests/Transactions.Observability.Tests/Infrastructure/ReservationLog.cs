using System.Collections.Concurrent;

namespace Transactions.Observability.Tests.Infrastructure;

/// <summary>What a participant app did.</summary>
public sealed class ReservationLog
{
    private readonly ConcurrentQueue<string> _entries = new();

    public IReadOnlyCollection<string> Entries => _entries;

    public void Add(string entry) => _entries.Enqueue(entry);
}
