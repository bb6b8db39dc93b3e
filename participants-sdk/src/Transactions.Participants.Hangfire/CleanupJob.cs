using Hangfire;
using Microsoft.Extensions.Logging;
using Transactions.Common.Cleanup;

namespace Transactions.Participants.Hangfire;

/// <summary>
/// The Hangfire job that runs one <see cref="IRowCleaner"/> by name (resolved from DI by Hangfire's job activator).
/// One run is bounded by the cleaner's own batch limits; a run never overlaps another run of the same job
/// (<see cref="DisableConcurrentExecutionAttribute"/>), and a failed run is not retried by Hangfire: it stays failed
/// in the dashboard and the next occurrence runs anyway.
/// </summary>
/// <param name="cleaners">Every cleaner the service registered.</param>
/// <param name="logger">Logger.</param>
public sealed partial class CleanupJob(IEnumerable<IRowCleaner> cleaners, ILogger<CleanupJob> logger)
{
    /// <summary>Runs the cleaner named <paramref name="cleanerName"/> once.</summary>
    /// <param name="cleanerName">The cleaner's <see cref="IRowCleaner.Name"/>.</param>
    /// <param name="cancellationToken">Hangfire's shutdown token (Hangfire passes it).</param>
    /// <returns>The rows deleted (0 when the cleaner is disabled or no longer registered).</returns>
    [DisableConcurrentExecution(timeoutInSeconds: 300)]
    [AutomaticRetry(Attempts = 0)]
    public async Task<int> RunAsync(string cleanerName, CancellationToken cancellationToken)
    {
        var cleaner = cleaners.FirstOrDefault(c => string.Equals(c.Name, cleanerName, StringComparison.Ordinal));
        if (cleaner is null)
        {
            LogUnknown(logger, cleanerName);
            return 0;
        }

        if (!cleaner.Enabled)
        {
            LogDisabled(logger, cleanerName);
            return 0;
        }

        var deleted = await cleaner.CleanOnceAsync(cancellationToken).ConfigureAwait(false);
        LogRan(logger, cleanerName, deleted);
        return deleted;
    }

    [LoggerMessage(EventId = 7200, Level = LogLevel.Warning, Message = "Cleanup job for {Cleaner}: no such cleaner is registered in this service; nothing done")]
    private static partial void LogUnknown(ILogger logger, string cleaner);

    [LoggerMessage(EventId = 7201, Level = LogLevel.Information, Message = "Cleanup job for {Cleaner}: the cleaner is disabled; nothing done")]
    private static partial void LogDisabled(ILogger logger, string cleaner);

    [LoggerMessage(EventId = 7202, Level = LogLevel.Information, Message = "Cleanup job for {Cleaner} deleted {Count} rows")]
    private static partial void LogRan(ILogger logger, string cleaner, int count);
}
