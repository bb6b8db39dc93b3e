using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Transactions.Participants.Fence.Tests.Infrastructure;

/// <summary>Captures log entries (level, event id, message and structured values) for assertions.</summary>
public sealed class ListLogger<T> : ILogger<T>
{
    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(
        LogLevel logLevel,
        EventId eventId,
        TState state,
        Exception? exception,
        Func<TState, Exception?, string> formatter)
    {
        var values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
        Entries.Enqueue(new LogEntry(logLevel, eventId.Id, formatter(state, exception), values.ToDictionary(v => v.Key, v => v.Value)));
    }
}
