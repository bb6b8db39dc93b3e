using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transactions.ReliableMessage.BackCheck;
using Transactions.ReliableMessage.Dispatch;
using Transactions.ReliableMessage.Engine;
using Transactions.ReliableMessage.Options;
using Transactions.ReliableMessage.Storage;

namespace Transactions.ReliableMessage.Recovery;

/// <summary>
/// Every poll interval, claims due work with a lease and processes it: committed messages not yet published
/// (a retry, or abandoned by a dead instance), deliveries past their ack deadline (redelivery or dead letter)
/// and requeued ones, and prepared messages past their check delay (back-check). Any number of instances run
/// this against one database; the conditional claims keep them from doing the same work at once.
/// </summary>
public sealed partial class RecoveryService(
    IMessageStore store,
    MessageDispatcher dispatcher,
    BackCheckProcessor backCheck,
    InstanceIdentity identity,
    IOptions<ReliableMessageOptions> options,
    TimeProvider timeProvider,
    ILogger<RecoveryService> logger) : BackgroundService
{
    private readonly ReliableMessageOptions _options = options.Value;

    /// <summary>Runs one poll. Returns whether any kind of work filled a whole batch (more is waiting).</summary>
    public async Task<bool> PollOnceAsync(CancellationToken cancellationToken)
    {
        var more = false;
        more |= await RunAsync("publish", PublishDueAsync, cancellationToken).ConfigureAwait(false);
        more |= await RunAsync("redelivery", RedeliverDueAsync, cancellationToken).ConfigureAwait(false);
        more |= await RunAsync("back-check", CheckDueAsync, cancellationToken).ConfigureAwait(false);
        return more;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogStarted(logger, identity.LeaseOwner, _options.PollInterval.TotalMilliseconds);
        try
        {
            await TakeBackEarlierRunsWorkAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            // Not fatal: the leases expire after LeaseDuration and the polls below take the work then.
            LogPollFailed(logger, "lease release", ex);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var more = false;
            try
            {
                more = await PollOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            if (!more)
            {
                try
                {
                    await Task.Delay(_options.PollInterval, timeProvider, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// Ends the leases an earlier run of this instance (same <see cref="ReliableMessageOptions.InstanceId"/>, killed
    /// before it could finish its work) still holds, so this run's polls take that work at once instead of after
    /// <see cref="ReliableMessageOptions.LeaseDuration"/>. Returns how many messages and deliveries were released.
    /// </summary>
    public async Task<int> TakeBackEarlierRunsWorkAsync(CancellationToken cancellationToken)
    {
        var released = await store.ReleaseEarlierRunsLeasesAsync(
            identity.EarlierRunsPrefix, identity.LeaseOwner, timeProvider.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
        if (released > 0)
        {
            LogTookBack(logger, released, identity.InstanceId);
        }

        return released;
    }

    private async Task<bool> RunAsync(string kind, Func<CancellationToken, Task<int>> work, CancellationToken cancellationToken)
    {
        try
        {
            var claimed = await work(cancellationToken).ConfigureAwait(false);
            if (claimed > 0)
            {
                LogClaimed(logger, claimed, kind);
            }

            return claimed >= _options.ClaimBatchSize;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogPollFailed(logger, kind, ex);
            return false;
        }
    }

    private async Task<int> PublishDueAsync(CancellationToken cancellationToken)
    {
        var (now, expires) = Lease();
        var claimed = await store.ClaimCommittedAsync(identity.LeaseOwner, now, expires, _options.ClaimBatchSize, cancellationToken).ConfigureAwait(false);
        await dispatcher.PublishAsync(claimed, cancellationToken).ConfigureAwait(false);
        return claimed.Count;
    }

    private async Task<int> RedeliverDueAsync(CancellationToken cancellationToken)
    {
        var (now, expires) = Lease();
        var claimed = await store.ClaimDueDeliveriesAsync(identity.LeaseOwner, now, expires, _options.ClaimBatchSize, cancellationToken).ConfigureAwait(false);
        await dispatcher.RedeliverAsync(claimed, cancellationToken).ConfigureAwait(false);
        return claimed.Count;
    }

    private async Task<int> CheckDueAsync(CancellationToken cancellationToken)
    {
        var (now, expires) = Lease();
        var claimed = await store.ClaimDueChecksAsync(identity.LeaseOwner, now, expires, _options.ClaimBatchSize, cancellationToken).ConfigureAwait(false);
        await backCheck.ProcessAsync(claimed, cancellationToken).ConfigureAwait(false);
        return claimed.Count;
    }

    private (long Now, long Expires) Lease()
    {
        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        return (now, now + (long)_options.LeaseDuration.TotalMilliseconds);
    }

    [LoggerMessage(EventId = 800, Level = LogLevel.Information, Message = "Recovery started as {Owner}, polling every {PollMs} ms")]
    private static partial void LogStarted(ILogger logger, string owner, double pollMs);

    [LoggerMessage(EventId = 801, Level = LogLevel.Debug, Message = "Recovery claimed {Count} item(s) of {Kind} work")]
    private static partial void LogClaimed(ILogger logger, int count, string kind);

    [LoggerMessage(EventId = 803, Level = LogLevel.Warning, Message = "Took back {Count} message(s) and deliveries leased by an earlier run of {InstanceId}")]
    private static partial void LogTookBack(ILogger logger, int count, string instanceId);

    [LoggerMessage(EventId = 802, Level = LogLevel.Error, Message = "Recovery of {Kind} work failed; retrying after the poll interval")]
    private static partial void LogPollFailed(ILogger logger, string kind, Exception exception);
}
