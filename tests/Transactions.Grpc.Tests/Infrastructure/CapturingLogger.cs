using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Transactions.Grpc.Tests.Infrastructure;

/// <summary>The logger of <see cref="CapturingLoggerProvider"/>.</summary>
public sealed class CapturingLogger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        entries.Enqueue(new LogEntry(category, logLevel, eventId, formatter(state, exception), exception));
}
