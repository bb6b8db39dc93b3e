using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Transactions.Common.Ids;

/// <summary>
/// A <see cref="SnowflakeIdGenerator"/> whose worker id is leased from <see cref="IWorkerIdStore"/> at
/// start and renewed in the background. If renewal fails until the lease has expired, ids are refused
/// (another instance may own the worker id by then) until a new lease is taken.
/// </summary>
public sealed partial class LeasedIdGenerator(
    IWorkerIdStore store,
    IOptions<WorkerIdLeaseOptions> options,
    TimeProvider timeProvider,
    ILogger<LeasedIdGenerator> logger) : BackgroundService, IIdGenerator
{
    private readonly WorkerIdLeaseOptions _options = options.Value;
    private volatile SnowflakeIdGenerator? _generator;
    private long _leaseExpiresUnixMs;

    /// <summary>The leased worker id, or -1 before start.</summary>
    public int WorkerId => _generator?.WorkerId ?? -1;

    /// <inheritdoc />
    public long NextId()
    {
        var generator = _generator ?? throw new InvalidOperationException("The id generator has no worker id yet: the host has not started.");
        if (timeProvider.GetUtcNow().ToUnixTimeMilliseconds() >= Interlocked.Read(ref _leaseExpiresUnixMs))
        {
            throw new InvalidOperationException($"The lease of worker id {generator.WorkerId} has expired and could not be renewed; ids are refused until it is renewed.");
        }

        return generator.NextId();
    }

    /// <inheritdoc />
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await AcquireAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        var generator = _generator;
        if (generator is not null)
        {
            try
            {
                await store.ReleaseAsync(generator.WorkerId, _options.Owner, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogReleaseFailed(logger, generator.WorkerId, ex);
            }
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.RenewInterval, timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            var generator = _generator!;
            var expires = timeProvider.GetUtcNow().Add(_options.LeaseDuration).ToUnixTimeMilliseconds();
            try
            {
                if (await store.RenewAsync(generator.WorkerId, _options.Owner, expires, stoppingToken).ConfigureAwait(false))
                {
                    Interlocked.Exchange(ref _leaseExpiresUnixMs, expires);
                }
                else
                {
                    LogLeaseLost(logger, generator.WorkerId);
                    await AcquireAsync(stoppingToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRenewFailed(logger, generator.WorkerId, ex);
            }
        }
    }

    private async Task AcquireAsync(CancellationToken cancellationToken)
    {
        var deadline = timeProvider.GetUtcNow() + _options.AcquireTimeout;
        while (true)
        {
            var now = timeProvider.GetUtcNow();
            var lease = await store.TryAcquireAsync(
                _options.Owner,
                SnowflakeIdGenerator.MaxWorkerId,
                now.ToUnixTimeMilliseconds(),
                now.Add(_options.LeaseDuration).ToUnixTimeMilliseconds(),
                cancellationToken).ConfigureAwait(false);
            if (lease is not null)
            {
                // Never issue ids below the previous holder's last possible instant, nor below ours.
                var floor = Math.Max(lease.PreviousExpiresUnixMs, now.ToUnixTimeMilliseconds());
                _generator = new SnowflakeIdGenerator(lease.WorkerId, timeProvider, floor);
                Interlocked.Exchange(ref _leaseExpiresUnixMs, lease.ExpiresUnixMs);
                LogLeased(logger, lease.WorkerId, _options.Owner);
                return;
            }

            if (timeProvider.GetUtcNow() >= deadline)
            {
                throw new InvalidOperationException($"No Snowflake worker id became free within {_options.AcquireTimeout}: all {SnowflakeIdGenerator.MaxWorkerId + 1} are leased.");
            }

            await Task.Delay(TimeSpan.FromSeconds(1), timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Leased Snowflake worker id {WorkerId} as {Owner}")]
    private static partial void LogLeased(ILogger logger, int workerId, string owner);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Renewing the lease of worker id {WorkerId} failed")]
    private static partial void LogRenewFailed(ILogger logger, int workerId, Exception exception);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "The lease of worker id {WorkerId} was lost; leasing a new worker id")]
    private static partial void LogLeaseLost(ILogger logger, int workerId);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Releasing worker id {WorkerId} failed")]
    private static partial void LogReleaseFailed(ILogger logger, int workerId, Exception exception);
}
