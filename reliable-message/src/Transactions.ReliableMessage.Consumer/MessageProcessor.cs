using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transactions.ReliableMessage.Consumer.Inbox;
using Transactions.ReliableMessage.Protocol.V1;

namespace Transactions.ReliableMessage.Consumer;

/// <summary>
/// Runs handlers with de-duplication: in one local transaction of <typeparamref name="TContext"/>, the inbox is read
/// for the batch's ids, and for each message not seen before an inbox row is added and the handler runs; one
/// <c>SaveChanges</c> and commit then store the handlers' work and the inbox rows together. A failing batch is
/// retried one message at a time. Returns the ids that may be acknowledged: processed now or before.
/// </summary>
/// <typeparam name="TContext">The consumer's DbContext (with <c>AddMessageInbox()</c>).</typeparam>
public sealed partial class MessageProcessor<TContext>(
    IServiceScopeFactory scopes,
    HandlerRegistry handlers,
    IOptions<ReliableMessageConsumerOptions> options,
    TimeProvider timeProvider,
    ILogger<MessageProcessor<TContext>> logger)
    where TContext : DbContext
{
    private readonly string _group = options.Value.ConsumerGroup!;
    private long _handled;
    private long _duplicates;

    /// <summary>Messages whose handler ran and committed.</summary>
    public long Handled => Interlocked.Read(ref _handled);

    /// <summary>Messages skipped because the inbox had them.</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>Processes a batch; returns the ids to acknowledge.</summary>
    public async Task<IReadOnlyList<long>> ProcessAsync(IReadOnlyList<MessageEnvelope> envelopes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelopes);
        var relevant = new List<MessageEnvelope>(envelopes.Count);
        var ids = new HashSet<long>();
        foreach (var envelope in envelopes)
        {
            // A redelivery meant for another group (cannot happen with per-group retry topics; cheap to guard).
            if (!string.IsNullOrEmpty(envelope.TargetGroup) && !string.Equals(envelope.TargetGroup, _group, StringComparison.Ordinal))
            {
                continue;
            }

            if (ids.Add(envelope.MessageId))
            {
                relevant.Add(envelope);
            }
        }

        if (relevant.Count == 0)
        {
            return [];
        }

        if (relevant.Count > 1)
        {
            try
            {
                return await ProcessTogetherAsync(relevant, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogBatchFailed(logger, relevant.Count, ex);
            }
        }

        var acknowledged = new List<long>(relevant.Count);
        foreach (var envelope in relevant)
        {
            try
            {
                acknowledged.AddRange(await ProcessTogetherAsync([envelope], cancellationToken).ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogHandlerFailed(logger, envelope.MessageId, envelope.Topic, envelope.Attempt, ex);
            }
        }

        return acknowledged;
    }

    private async Task<IReadOnlyList<long>> ProcessTogetherAsync(IReadOnlyList<MessageEnvelope> batch, CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            var ids = batch.Select(e => e.MessageId).ToArray();
            var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var inbox = db.Set<InboxRecord>();
                var seen = (await inbox.AsNoTracking()
                    .Where(r => r.ConsumerGroup == _group && ids.Contains(r.MessageId))
                    .Select(r => r.MessageId)
                    .ToListAsync(cancellationToken).ConfigureAwait(false)).ToHashSet();
                var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
                var handled = 0;
                foreach (var envelope in batch)
                {
                    if (seen.Contains(envelope.MessageId))
                    {
                        continue;
                    }

                    inbox.Add(new InboxRecord { ConsumerGroup = _group, MessageId = envelope.MessageId, ProcessedUnixMs = now });
                    var handler = handlers.Resolve(scope.ServiceProvider, envelope.Topic);
                    if (handler is null)
                    {
                        LogNoHandler(logger, envelope.MessageId, envelope.Topic);
                        continue;
                    }

                    await handler.HandleAsync(ToConsumed(envelope), cancellationToken).ConfigureAwait(false);
                    handled++;
                }

                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                Interlocked.Add(ref _handled, handled);
                Interlocked.Add(ref _duplicates, seen.Count);
                if (seen.Count > 0)
                {
                    LogDuplicates(logger, seen.Count, _group);
                }

                return ids;
            }
        }
    }

    private static ConsumedMessage ToConsumed(MessageEnvelope e) => new(
        e.MessageId,
        e.Topic,
        string.IsNullOrEmpty(e.Key) ? null : e.Key,
        e.Payload.Memory,
        e.ProducerGroup,
        e.Attempt,
        e.CreatedUnixMs,
        e.CommittedUnixMs);

    [LoggerMessage(EventId = 1500, Level = LogLevel.Warning, Message = "A batch of {Count} message(s) failed; processing them one by one")]
    private static partial void LogBatchFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Error, Message = "Message {MessageId} ({Topic}, attempt {Attempt}) failed; it stays unacknowledged and is redelivered")]
    private static partial void LogHandlerFailed(ILogger logger, long messageId, string topic, int attempt, Exception exception);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Warning, Message = "Message {MessageId} on topic {Topic} has no handler; acknowledged without processing")]
    private static partial void LogNoHandler(ILogger logger, long messageId, string topic);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Information, Message = "{Count} duplicate message(s) skipped for consumer group {ConsumerGroup} (already in the inbox)")]
    private static partial void LogDuplicates(ILogger logger, int count, string consumerGroup);
}
