using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Transactions.ReliableMessage.Diagnostics;
using Transactions.ReliableMessage.Engine;
using Transactions.ReliableMessage.Notifications;

namespace Transactions.ReliableMessage.Service.Notifications;

/// <summary>
/// Every poll interval, leases a batch of due notifications in one statement (<see cref="INotificationStore.ClaimDueAsync"/>)
/// and POSTs them, <see cref="NotificationOptions.Parallelism"/> at a time; each outcome is written with the lease check,
/// so an instance that lost its lease writes nothing. Any number of instances run this against one database; a killed
/// instance's leases expire after <see cref="NotificationOptions.LeaseDuration"/>, or at once when it starts again with
/// the same instance id. A notification is therefore POSTed at least once per attempt, and may be POSTed twice when an
/// instance dies between the POST and the write: receivers de-duplicate on the notification id header.
/// </summary>
public sealed partial class NotificationDispatcher : BackgroundService
{
    private readonly INotificationStore _store;
    private readonly NotificationSender _sender;
    private readonly Notifier _notifier;
    private readonly InstanceIdentity _identity;
    private readonly NotificationOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<NotificationDispatcher> _logger;
    private readonly Counter<long> _attempts;

    /// <summary>Creates the dispatcher.</summary>
    public NotificationDispatcher(
        INotificationStore store,
        NotificationSender sender,
        Notifier notifier,
        InstanceIdentity identity,
        IOptions<NotificationOptions> options,
        TimeProvider timeProvider,
        IMeterFactory meterFactory,
        ILogger<NotificationDispatcher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(meterFactory);
        _store = store;
        _sender = sender;
        _notifier = notifier;
        _identity = identity;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _attempts = meterFactory.Create(ReliableMessageMetrics.MeterName)
            .CreateCounter<long>("rm.notifications.attempts", "{attempt}", "Notification POSTs, by outcome (acknowledged, retry, failed).");
    }

    /// <summary>Claims and sends one batch. Returns how many notifications it claimed.</summary>
    public async Task<int> PollOnceAsync(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var claimed = await _store.ClaimDueAsync(
            _identity.LeaseOwner, now, now + (long)_options.LeaseDuration.TotalMilliseconds, _options.ClaimBatchSize, cancellationToken).ConfigureAwait(false);
        await Parallel.ForEachAsync(
            claimed,
            new ParallelOptions { MaxDegreeOfParallelism = _options.Parallelism, CancellationToken = cancellationToken },
            async (notification, ct) => await SendAsync(notification, ct).ConfigureAwait(false)).ConfigureAwait(false);
        return claimed.Count;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            return;
        }

        try
        {
            var released = await _store.ReleaseEarlierRunsLeasesAsync(
                _identity.EarlierRunsPrefix, _identity.LeaseOwner, _timeProvider.GetUtcNow().ToUnixTimeMilliseconds(), stoppingToken).ConfigureAwait(false);
            if (released > 0)
            {
                LogTookBack(_logger, released, _identity.InstanceId);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogPollFailed(_logger, ex); // not fatal: the leases expire after LeaseDuration
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
                LogPollFailed(_logger, ex);
            }

            if (claimed < _options.ClaimBatchSize)
            {
                try
                {
                    await Task.Delay(_options.PollInterval, _timeProvider, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        var attempts = notification.Attempts + 1;
        var secret = _notifier.SecretFor(notification.ApplicationId);
        var result = secret is null
            ? new NotificationSendResult(false, null, "No signing secret for its application any more (Security:Applications:N:NotificationSecret, Notifications:SigningSecret).")
            : await _sender.SendAsync(notification, secret, attempts, cancellationToken).ConfigureAwait(false);

        var now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var schedule = _options.EffectiveRetrySchedule;
        var position = attempts - notification.AttemptsAtRetry; // failed POSTs in this round, this one included
        var (status, next, outcome) = result.Acknowledged ? (NotificationStatus.Acknowledged, (long?)null, "acknowledged")
            : position <= schedule.Count ? (NotificationStatus.Pending, now + (long)schedule[position - 1].TotalMilliseconds, "retry")
            : (NotificationStatus.Failed, (long?)null, "failed");
        var saved = await _store.SaveAttemptAsync(
            new NotificationAttempt(notification.NotificationId, _identity.LeaseOwner, status, attempts, next, result.StatusCode, result.Error, now),
            cancellationToken).ConfigureAwait(false);
        _attempts.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        if (!saved)
        {
            LogLeaseLost(_logger, notification.NotificationId, attempts);
        }
        else if (status == NotificationStatus.Acknowledged)
        {
            LogAcknowledged(_logger, notification.NotificationId, attempts, result.StatusCode);
        }
        else if (status == NotificationStatus.Pending)
        {
            LogRetry(_logger, notification.NotificationId, attempts, result.Error, schedule[position - 1].TotalSeconds);
        }
        else
        {
            LogFailed(_logger, notification.NotificationId, attempts, result.Error);
        }
    }

    [LoggerMessage(EventId = 1110, Level = LogLevel.Information, Message = "Notification {NotificationId} acknowledged on attempt {Attempt} (HTTP {StatusCode})")]
    private static partial void LogAcknowledged(ILogger logger, long notificationId, int attempt, int? statusCode);

    [LoggerMessage(EventId = 1111, Level = LogLevel.Warning, Message = "Notification {NotificationId} attempt {Attempt} failed: {Error}; next attempt in {DelaySeconds} s")]
    private static partial void LogRetry(ILogger logger, long notificationId, int attempt, string? error, double delaySeconds);

    [LoggerMessage(EventId = 1112, Level = LogLevel.Error, Message = "Notification {NotificationId} failed after {Attempt} attempts: {Error}; it waits for an operator (admin: retry)")]
    private static partial void LogFailed(ILogger logger, long notificationId, int attempt, string? error);

    [LoggerMessage(EventId = 1113, Level = LogLevel.Warning, Message = "Notification {NotificationId} attempt {Attempt} was made but its lease had passed to another instance; the outcome was not written")]
    private static partial void LogLeaseLost(ILogger logger, long notificationId, int attempt);

    [LoggerMessage(EventId = 1114, Level = LogLevel.Warning, Message = "Took back {Count} notification(s) leased by an earlier run of {InstanceId}")]
    private static partial void LogTookBack(ILogger logger, int count, string instanceId);

    [LoggerMessage(EventId = 1115, Level = LogLevel.Error, Message = "Notification dispatch failed; retrying after the poll interval")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);
}
