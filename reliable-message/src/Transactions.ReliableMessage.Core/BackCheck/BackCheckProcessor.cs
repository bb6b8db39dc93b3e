using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transactions.ReliableMessage.Dispatch;
using Transactions.ReliableMessage.Domain;
using Transactions.ReliableMessage.Engine;
using Transactions.ReliableMessage.Options;
using Transactions.ReliableMessage.Storage;

namespace Transactions.ReliableMessage.BackCheck;

/// <summary>
/// Resolves messages left prepared past their check delay by asking the producer: Commit commits and publishes
/// the message, Rollback rolls it back. No answer schedules another check with backoff; after
/// <see cref="ReliableMessageOptions.MaxCheckAttempts"/> the message is parked for an administrator (never
/// discarded). The producer SDK always answers Commit or Rollback (its barrier makes the answer final).
/// </summary>
public sealed partial class BackCheckProcessor(
    IMessageStore store,
    IProducerChecker checker,
    MessageDispatcher dispatcher,
    InstanceIdentity identity,
    IOptions<ReliableMessageOptions> options,
    TimeProvider timeProvider,
    ILogger<BackCheckProcessor> logger)
{
    private readonly ReliableMessageOptions _options = options.Value;

    /// <summary>Checks claimed messages with bounded parallelism.</summary>
    public Task ProcessAsync(IReadOnlyList<StoredMessage> claimed, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(
            claimed,
            new ParallelOptions { MaxDegreeOfParallelism = _options.CheckParallelism, CancellationToken = cancellationToken },
            async (message, ct) =>
            {
                try
                {
                    await CheckAsync(message, ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    LogCheckCrashed(logger, message.MessageId, ex);
                }
            });

    /// <summary>Checks one claimed message and records the outcome.</summary>
    public async Task CheckAsync(StoredMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var attempts = message.CheckAttempts + 1;
        string error;
        if (message.CheckEndpoint is null)
        {
            error = "The producer gave no check endpoint, so nobody can tell whether its local transaction committed.";
            await SaveFailureAsync(message, attempts, error, park: true, cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            var commit = await checker.ShouldCommitAsync(message, cancellationToken).ConfigureAwait(false);
            await ApplyDecisionAsync(message, commit, cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (ProducerCheckException ex)
        {
            error = ex.Message;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            error = $"{ex.GetType().Name}: {ex.Message}";
        }

        await SaveFailureAsync(message, attempts, error, park: attempts >= _options.MaxCheckAttempts, cancellationToken).ConfigureAwait(false);
    }

    private async Task ApplyDecisionAsync(StoredMessage message, bool commit, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        TransitionOutcome outcome;
        if (commit)
        {
            outcome = await store.CommitAsync(
                new MessageTransition(message.MessageId, now, AllowParked: false, identity.LeaseOwner, now + (long)_options.LeaseDuration.TotalMilliseconds),
                cancellationToken).ConfigureAwait(false);
            if (outcome is { Changed: true, Message: { } committed })
            {
                await dispatcher.EnqueueAsync(committed, cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            outcome = await store.RollbackAsync(
                new MessageTransition(message.MessageId, now, AllowParked: false, Reason: "Back-check: the producer's local transaction did not commit."),
                cancellationToken).ConfigureAwait(false);
        }

        if (outcome.Changed)
        {
            await store.AppendEventsAsync(
                [
                    new MessageEvent
                    {
                        MessageId = message.MessageId,
                        AtUnixMs = now,
                        Kind = commit ? MessageEventKinds.CheckCommitted : MessageEventKinds.CheckRolledBack,
                        Actor = identity.InstanceId,
                    },
                ],
                cancellationToken).ConfigureAwait(false);
        }

        LogChecked(logger, message.MessageId, commit ? "Commit" : "Rollback", outcome.Status);
    }

    private async Task SaveFailureAsync(StoredMessage message, int attempts, string error, bool park, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var next = now + Backoff.Delay(attempts, _options.CheckRetryInitialBackoff, _options.CheckRetryMaxBackoff);
        var saved = await store.SaveCheckRetryAsync(
            new CheckRetry(message.MessageId, identity.LeaseOwner, now.ToUnixTimeMilliseconds(), attempts, next.ToUnixTimeMilliseconds(), error, park),
            cancellationToken).ConfigureAwait(false);
        if (!saved)
        {
            return;
        }

        if (park)
        {
            LogParked(logger, message.MessageId, attempts, error);
        }
        else
        {
            LogCheckFailed(logger, message.MessageId, attempts, error);
        }
    }

    [LoggerMessage(EventId = 700, Level = LogLevel.Information, Message = "Back-check of message {MessageId}: the producer answered {Decision}; status {Status}")]
    private static partial void LogChecked(ILogger logger, long messageId, string decision, MessageStatus status);

    [LoggerMessage(EventId = 701, Level = LogLevel.Warning, Message = "Back-check {Attempt} of message {MessageId} got no answer: {Error}")]
    private static partial void LogCheckFailed(ILogger logger, long messageId, int attempt, string error);

    [LoggerMessage(EventId = 702, Level = LogLevel.Error, Message = "Message {MessageId} parked for an administrator after {Attempts} back-check(s): {Error}")]
    private static partial void LogParked(ILogger logger, long messageId, int attempts, string error);

    [LoggerMessage(EventId = 703, Level = LogLevel.Error, Message = "Back-check of message {MessageId} failed unexpectedly; it is retried when its lease expires")]
    private static partial void LogCheckCrashed(ILogger logger, long messageId, Exception exception);
}
