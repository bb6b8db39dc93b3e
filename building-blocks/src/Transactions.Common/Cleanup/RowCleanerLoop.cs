using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Transactions.Common.Cleanup;

/// <summary>The background loop of an SDK cleaner: a run at start, then one every interval, until the host stops.</summary>
public static partial class RowCleanerLoop
{
    /// <summary>
    /// Runs <paramref name="cleaner"/> at start and then every <paramref name="interval"/>; a failed run is logged and
    /// the loop goes on after the interval. Returns at once when the cleaner is disabled, or when an
    /// <see cref="ExternalRowCleanupScheduler"/> is registered (another scheduler runs it).
    /// </summary>
    /// <param name="cleaner">The cleaner.</param>
    /// <param name="services">The application's services (to look for an <see cref="ExternalRowCleanupScheduler"/>).</param>
    /// <param name="interval">The interval, read before each wait (options may change).</param>
    /// <param name="timeProvider">Clock for the waits.</param>
    /// <param name="logger">The cleaner's logger.</param>
    /// <param name="stoppingToken">The host's stopping token.</param>
    /// <returns>A task that ends when the host stops.</returns>
    public static async Task RunAsync(
        IRowCleaner cleaner,
        IServiceScopeFactory services,
        Func<TimeSpan> interval,
        TimeProvider timeProvider,
        ILogger logger,
        CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(cleaner);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(interval);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        if (!cleaner.Enabled)
        {
            LogDisabled(logger, cleaner.Name);
            return;
        }

        await using (var scope = services.CreateAsyncScope())
        {
            if (scope.ServiceProvider.GetService<ExternalRowCleanupScheduler>() is { } external)
            {
                LogScheduledElsewhere(logger, cleaner.Name, external.Name);
                return;
            }
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await cleaner.CleanOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogFailed(logger, ex, cleaner.Name);
            }

            try
            {
                await Task.Delay(interval(), timeProvider, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "Cleaner {Cleaner} is disabled")]
    private static partial void LogDisabled(ILogger logger, string cleaner);

    [LoggerMessage(EventId = 111, Level = LogLevel.Information, Message = "Cleaner {Cleaner} is run by {Scheduler}; its background loop does not run")]
    private static partial void LogScheduledElsewhere(ILogger logger, string cleaner, string scheduler);

    [LoggerMessage(EventId = 112, Level = LogLevel.Error, Message = "Cleaner {Cleaner} failed; retrying after the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception, string cleaner);
}
