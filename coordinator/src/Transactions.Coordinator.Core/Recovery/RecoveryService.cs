using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transactions.Coordinator.Engine;
using Transactions.Coordinator.Options;
using Transactions.Coordinator.Storage;

namespace Transactions.Coordinator.Recovery;

/// <summary>
/// Every poll interval, claims due work with a lease (timeouts of Active transactions, phase-2 retries,
/// and work whose owner died) and processes it with bounded parallelism. Any number of instances run
/// this against one database; the conditional claims keep them from doing the same work at once.
/// </summary>
public sealed partial class RecoveryService(
    ITransactionStore store,
    TransactionCoordinator coordinator,
    IOptions<CoordinatorOptions> options,
    TimeProvider timeProvider,
    ILogger<RecoveryService> logger) : BackgroundService
{
    private readonly CoordinatorOptions _options = options.Value;

    /// <summary>
    /// Takes back the work a previous incarnation of this instance (same instance id) held when it died,
    /// without waiting for its leases to expire. Returns how many transactions were made due.
    /// </summary>
    public async Task<int> ReclaimOwnAsync(CancellationToken cancellationToken)
    {
        var count = await store.ReclaimOwnedAsync(_options.InstanceId, timeProvider.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
        if (count > 0)
        {
            LogReclaimed(logger, count, _options.InstanceId);
        }

        return count;
    }

    /// <summary>Runs one poll: claims and processes due work. Returns how many transactions were claimed.</summary>
    public async Task<int> PollOnceAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var claimed = await store.ClaimDueAsync(
            _options.InstanceId,
            now,
            now + (long)_options.LeaseDuration.TotalMilliseconds,
            _options.RecoveryBatchSize,
            cancellationToken).ConfigureAwait(false);
        if (claimed.Count == 0)
        {
            return 0;
        }

        LogClaimed(logger, claimed.Count);
        await Parallel.ForEachAsync(
            claimed,
            new ParallelOptions { MaxDegreeOfParallelism = _options.RecoveryParallelism, CancellationToken = cancellationToken },
            async (xid, ct) =>
            {
                try
                {
                    await coordinator.ProcessDueAsync(xid, ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogProcessFailed(logger, xid, ex);
                }
            }).ConfigureAwait(false);
        return claimed.Count;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogStarted(logger, _options.InstanceId, _options.RecoveryPollInterval.TotalMilliseconds);
        try
        {
            await ReclaimOwnAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogPollFailed(logger, ex);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var claimed = 0;
            try
            {
                claimed = await PollOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogPollFailed(logger, ex);
            }

            // A full batch means more is waiting: poll again at once.
            if (claimed < _options.RecoveryBatchSize)
            {
                try
                {
                    await Task.Delay(_options.RecoveryPollInterval, timeProvider, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Recovery started as {InstanceId}, polling every {PollMs} ms")]
    private static partial void LogStarted(ILogger logger, string instanceId, double pollMs);

    [LoggerMessage(EventId = 404, Level = LogLevel.Warning, Message = "Took back {Count} unfinished transaction(s) leased by a previous run of {InstanceId}")]
    private static partial void LogReclaimed(ILogger logger, int count, string instanceId);

    [LoggerMessage(EventId = 401, Level = LogLevel.Debug, Message = "Recovery claimed {Count} transaction(s)")]
    private static partial void LogClaimed(ILogger logger, int count);

    [LoggerMessage(EventId = 402, Level = LogLevel.Error, Message = "xid {Xid}: recovery processing failed; it will be retried when its lease expires")]
    private static partial void LogProcessFailed(ILogger logger, long xid, Exception exception);

    [LoggerMessage(EventId = 403, Level = LogLevel.Error, Message = "Recovery poll failed; retrying after the poll interval")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);
}
