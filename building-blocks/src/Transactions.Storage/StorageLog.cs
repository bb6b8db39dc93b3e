using Microsoft.Extensions.Logging;

namespace Transactions.Storage;

/// <summary>The log lines of the storage plumbing (source-generated, stable event ids).</summary>
internal static partial class StorageLog
{
    [LoggerMessage(EventId = 310, Level = LogLevel.Warning, Message = "Every one of the {Count} worker ids is leased by a live instance")]
    public static partial void WorkerIdsExhausted(ILogger logger, int count);

    [LoggerMessage(EventId = 320, Level = LogLevel.Information, Message = "Migrating the {Store} {Provider} store with {MigrationsAssembly}")]
    public static partial void Migrating(ILogger logger, string store, StorageProvider provider, string migrationsAssembly);
}
