using Microsoft.Extensions.Logging;

namespace Transactions.Grpc.Tests.Infrastructure;

/// <summary>One log message captured by <see cref="CapturingLoggerProvider"/>.</summary>
public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception);
