using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Transactions.Grpc.Tests.Infrastructure;

/// <summary>Keeps every log message in memory so tests can assert on what was logged.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyCollection<LogEntry> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, _entries);

    public void Dispose()
    {
    }
}
