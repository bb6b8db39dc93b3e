using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Transactions.Participants.IntegrationTests.Infrastructure;

/// <summary>Collects the test apps' log lines (SDK at Debug, everything else from Warning) for the test output.</summary>
public sealed class TestLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>Returns and forgets the lines collected so far.</summary>
    public IReadOnlyList<string> Drain()
    {
        var lines = new List<string>();
        while (_lines.TryDequeue(out var line))
        {
            lines.Add(line);
        }

        return lines;
    }

    /// <summary>Writes the lines collected so far to a test's output, and forgets them.</summary>
    public void WriteTo(ITestOutputHelper output)
    {
        foreach (var line in Drain())
        {
            output.WriteLine(line);
        }
    }

    public void Dispose()
    {
    }

    private sealed class Logger(TestLog owner, string category) : ILogger
    {
        private readonly bool _sdk = category.StartsWith("Transactions.", StringComparison.Ordinal);

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= (_sdk ? LogLevel.Debug : LogLevel.Warning);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var line = $"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel,-11} {category}: {formatter(state, exception)}";
            owner._lines.Enqueue(exception is null ? line : $"{line} [{exception.GetType().Name}: {exception.Message}]");
        }
    }
}
