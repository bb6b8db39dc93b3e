using Microsoft.Extensions.Logging;

namespace Transactions.Participants.Fence.Tests.Infrastructure;

/// <summary>One log entry captured by <see cref="ListLogger{T}"/>.</summary>
public sealed record LogEntry(LogLevel Level, int EventId, string Message, IReadOnlyDictionary<string, object?> Values);
