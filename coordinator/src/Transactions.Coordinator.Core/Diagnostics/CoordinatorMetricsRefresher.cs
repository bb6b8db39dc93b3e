using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Transactions.Coordinator.Diagnostics;

/// <summary>
/// Re-reads the gauges' snapshot (unfinished transactions by status, the oldest one) from the store at start and
/// then every <see cref="CoordinatorMetricsOptions.RefreshInterval"/>: one cheap aggregate query, whatever the
/// number of metric readers. Does nothing when no <see cref="ITransactionStatistics"/> is registered.
/// </summary>
public sealed partial class CoordinatorMetricsRefresher(
    CoordinatorMetrics metrics,
    IServiceProvider services,
    IOptions<CoordinatorMetricsOptions> options,
    TimeProvider timeProvider,
    ILogger<CoordinatorMetricsRefresher> logger) : BackgroundService
{
    private readonly ITransactionStatistics? _statistics = services.GetService<ITransactionStatistics>();

    /// <summary>Reads the snapshot now.</summary>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>A task that completes when the snapshot is stored.</returns>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        if (_statistics is null)
        {
            return;
        }

        var asOf = timeProvider.GetUtcNow();
        metrics.UpdateSnapshot(await _statistics.GetUnfinishedAsync(cancellationToken).ConfigureAwait(false), asOf);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_statistics is null)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.RefreshInterval, timeProvider);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The gauges keep the previous snapshot; the next tick tries again.
                LogRefreshFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(EventId = 500, Level = LogLevel.Warning, Message = "Metrics snapshot refresh failed; keeping the previous one")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
