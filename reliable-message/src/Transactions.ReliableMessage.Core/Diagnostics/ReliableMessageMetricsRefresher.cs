using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transactions.ReliableMessage.Storage;

namespace Transactions.ReliableMessage.Diagnostics;

/// <summary>
/// Re-reads the gauges' counts from the store at start and every <see cref="ReliableMessageMetricsOptions.RefreshInterval"/>:
/// one aggregate query however many metric readers there are.
/// </summary>
public sealed partial class ReliableMessageMetricsRefresher(
    ReliableMessageMetrics metrics,
    IMessageStore store,
    IOptions<ReliableMessageMetricsOptions> options,
    TimeProvider timeProvider,
    ILogger<ReliableMessageMetricsRefresher> logger) : BackgroundService
{
    /// <summary>Reads the counts now (the admin metrics endpoint does, so it never shows stale values).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken) =>
        metrics.Update(await store.CountAsync(cancellationToken).ConfigureAwait(false), timeProvider.GetUtcNow().ToUnixTimeMilliseconds());

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval, timeProvider);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The gauges keep the previous counts; the next tick tries again.
                LogRefreshFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(EventId = 960, Level = LogLevel.Warning, Message = "Metrics refresh failed; keeping the previous counts")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
