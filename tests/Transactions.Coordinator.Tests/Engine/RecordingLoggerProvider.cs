using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Transactions.Coordinator.Tests.Engine;

/// <summary>Keeps every log entry's level, event id and text, for tests about what is logged and how loudly.</summary>
public sealed class RecordingLoggerProvider : ILoggerProvider
{
    /// <summary>Every entry, in order.</summary>
    public ConcurrentQueue<(LogLevel Level, int EventId, string Category, string Text)> Entries { get; } = new();

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class Recorder(RecordingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            provider.Entries.Enqueue((logLevel, eventId.Id, category, formatter(state, exception)));
    }
}
