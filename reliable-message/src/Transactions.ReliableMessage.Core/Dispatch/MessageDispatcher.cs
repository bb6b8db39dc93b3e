using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transactions.ReliableMessage.Domain;
using Transactions.ReliableMessage.Engine;
using Transactions.ReliableMessage.Options;
using Transactions.ReliableMessage.Storage;

namespace Transactions.ReliableMessage.Dispatch;

/// <summary>
/// Publishes committed messages and redelivers unacknowledged ones through the <see cref="IMessageTransport"/>.
/// Messages committed through this instance arrive on an in-memory queue (already leased to this instance by
/// the commit) and are published in batches by <see cref="ReliableMessageOptions.DispatchConcurrency"/> workers (1 on Kafka, 4 on push by default);
/// recovery hands over work it claimed from the store (abandoned by a dead instance, or due for a retry).
/// </summary>
/// <remarks>
/// Per batch: one insert of the pending delivery rows (so an acknowledgement can never arrive before its row),
/// the transport send, then one local transaction marking the messages published and the rows delivered.
/// A crash anywhere in between leaves the messages committed under a lease that expires, after which another
/// instance publishes them again: delivery is at least once, consumers de-duplicate.
/// </remarks>
public sealed partial class MessageDispatcher : BackgroundService
{
    private readonly IMessageStore _store;
    private readonly IMessageTransport _transport;
    private readonly SubscriptionRegistry _subscriptions;
    private readonly InstanceIdentity _identity;
    private readonly ReliableMessageOptions _options;
    private readonly IReadOnlyList<TimeSpan> _schedule;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<MessageDispatcher> _logger;
    private readonly Channel<StoredMessage> _queue;

    /// <summary>Creates the dispatcher.</summary>
    public MessageDispatcher(
        IMessageStore store,
        IMessageTransport transport,
        SubscriptionRegistry subscriptions,
        InstanceIdentity identity,
        IOptions<ReliableMessageOptions> options,
        TimeProvider timeProvider,
        ILogger<MessageDispatcher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _transport = transport;
        _subscriptions = subscriptions;
        _identity = identity;
        _options = options.Value;
        _schedule = _options.EffectiveRedeliverySchedule;
        _timeProvider = timeProvider;
        _logger = logger;
        _queue = Channel.CreateBounded<StoredMessage>(new BoundedChannelOptions(_options.DispatchQueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = false,
            SingleWriter = false,
        });
    }

    /// <summary>Messages waiting in memory for a publish.</summary>
    public int QueueLength => _queue.Reader.Count;

    /// <summary>
    /// Queues a message this instance just committed (and leased) for publishing. Waits while the queue is full.
    /// </summary>
    public ValueTask EnqueueAsync(StoredMessage message, CancellationToken cancellationToken) =>
        _queue.Writer.WriteAsync(message, cancellationToken);

    /// <summary>
    /// Publishes committed messages leased to this instance to every group subscribed to their topics.
    /// Returns how many were published (the others are scheduled for a retry).
    /// </summary>
    public async Task<int> PublishAsync(IReadOnlyList<StoredMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            return 0;
        }

        var now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var items = new List<OutgoingMessage>(messages.Count);
        var keys = new List<DeliveryKey>(messages.Count * 2);
        foreach (var message in messages)
        {
            var targets = await _subscriptions.GetTargetsAsync(message.Topic, cancellationToken).ConfigureAwait(false);
            items.Add(new OutgoingMessage(Envelopes.Create(message, 1, null, now), targets, Broadcast: true));
            foreach (var target in targets)
            {
                keys.Add(new DeliveryKey(message.MessageId, target.ConsumerGroup));
            }
        }

        if (keys.Count > 0)
        {
            await _store.InsertPendingDeliveriesAsync(keys, now, cancellationToken).ConfigureAwait(false);
        }

        var outcomes = await _transport.SendAsync(items, cancellationToken).ConfigureAwait(false);
        var failed = new Dictionary<long, string>();
        var rows = new List<DeliveryUpdate>();
        var sentAt = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var outcome in outcomes)
        {
            if (outcome.ConsumerGroup is null)
            {
                if (outcome.Result == SendResult.Failed)
                {
                    failed[outcome.MessageId] = outcome.Error ?? "The transport failed.";
                }

                continue;
            }

            rows.Add(ToUpdate(outcome, attempt: 1, sentAt));
        }

        var published = new List<long>(messages.Count);
        foreach (var message in messages)
        {
            if (!failed.ContainsKey(message.MessageId))
            {
                published.Add(message.MessageId);
            }
        }

        if (published.Count > 0)
        {
            await _store.CompletePublishAsync(
                new PublishCompletion(published, sentAt, sentAt + (long)_schedule[0].TotalMilliseconds, rows),
                cancellationToken).ConfigureAwait(false);
            LogPublished(_logger, published.Count, _transport.Name);
        }

        if (failed.Count > 0)
        {
            foreach (var group in messages.Where(m => failed.ContainsKey(m.MessageId)).GroupBy(m => m.PublishAttempts))
            {
                var delay = Backoff.Delay(group.Key + 1, _options.PublishRetryInitialBackoff, _options.PublishRetryMaxBackoff);
                var ids = group.Select(m => m.MessageId).ToList();
                var error = failed[ids[0]];
                await _store.SchedulePublishRetryAsync(ids, sentAt, sentAt + (long)delay.TotalMilliseconds, error, cancellationToken).ConfigureAwait(false);
                LogPublishFailed(_logger, ids.Count, _transport.Name, delay.TotalMilliseconds, error);
            }
        }

        return published.Count;
    }

    /// <summary>
    /// Works off claimed deliveries: a delivery whose last attempt went unacknowledged becomes a dead letter,
    /// the others are sent again to their group only.
    /// </summary>
    public async Task RedeliverAsync(IReadOnlyList<DueDelivery> due, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(due);
        if (due.Count == 0)
        {
            return;
        }

        var now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var updates = new List<DeliveryUpdate>(due.Count);
        var events = new List<MessageEvent>();
        var items = new List<OutgoingMessage>(due.Count);
        var claimed = new Dictionary<DeliveryKey, MessageDelivery>(due.Count);
        foreach (var (row, message) in due)
        {
            if (row.Status == DeliveryStatus.Delivered && row.Attempts >= _schedule.Count)
            {
                var error = $"Not acknowledged after {row.Attempts} deliveries.";
                updates.Add(new DeliveryUpdate(row.MessageId, row.ConsumerGroup, DeliveryStatus.Dead, row.Attempts, null, null, row.LastError ?? error));
                events.Add(new MessageEvent
                {
                    MessageId = row.MessageId,
                    ConsumerGroup = row.ConsumerGroup,
                    AtUnixMs = now,
                    Kind = MessageEventKinds.DeadLettered,
                    Actor = _identity.InstanceId,
                    Detail = error,
                });
                LogDeadLettered(_logger, row.MessageId, row.ConsumerGroup, row.Attempts);
                continue;
            }

            var target = await _subscriptions.GetTargetAsync(message.Topic, row.ConsumerGroup, cancellationToken).ConfigureAwait(false);
            claimed[new DeliveryKey(row.MessageId, row.ConsumerGroup)] = row;
            items.Add(new OutgoingMessage(Envelopes.Create(message, row.Attempts + 1, row.ConsumerGroup, now), [target], Broadcast: false));
        }

        if (items.Count > 0)
        {
            var outcomes = await _transport.SendAsync(items, cancellationToken).ConfigureAwait(false);
            var sentAt = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
            foreach (var outcome in outcomes)
            {
                if (outcome.ConsumerGroup is not { } group || !claimed.TryGetValue(new DeliveryKey(outcome.MessageId, group), out var row))
                {
                    continue;
                }

                if (outcome.Result == SendResult.Failed)
                {
                    // The transport did not take it: the attempt does not count; retry soon.
                    updates.Add(new DeliveryUpdate(row.MessageId, group, row.Status, row.Attempts,
                        sentAt + (long)_options.PublishRetryInitialBackoff.TotalMilliseconds, null, outcome.Error));
                    continue;
                }

                updates.Add(ToUpdate(outcome, row.Attempts + 1, sentAt));
                LogRedelivered(_logger, row.MessageId, group, row.Attempts + 1, outcome.Result);
            }
        }

        await _store.SaveDeliveryOutcomesAsync(_identity.LeaseOwner, now, updates, events, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Publishes whatever waits in the in-memory queue now (tests; the workers do this in a running host).</summary>
    internal async Task<int> DrainQueueAsync(CancellationToken cancellationToken)
    {
        var batch = new List<StoredMessage>();
        while (_queue.Reader.TryRead(out var message))
        {
            batch.Add(message);
        }

        return await PublishAsync(batch, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, _options.EffectiveDispatchConcurrency(_transport.Name)).Select(_ => RunWorkerAsync(stoppingToken)));

    private DeliveryUpdate ToUpdate(SendOutcome outcome, int attempt, long sentAt)
    {
        var group = outcome.ConsumerGroup!;
        var deadline = sentAt + (long)_schedule[Math.Min(attempt, _schedule.Count) - 1].TotalMilliseconds;
        return outcome.Result switch
        {
            SendResult.Acknowledged => new DeliveryUpdate(outcome.MessageId, group, DeliveryStatus.Acked, attempt, null, sentAt, null),
            SendResult.Sent => new DeliveryUpdate(outcome.MessageId, group, DeliveryStatus.Delivered, attempt, deadline, sentAt, null),
            _ => new DeliveryUpdate(outcome.MessageId, group, DeliveryStatus.Delivered, attempt, deadline, sentAt, outcome.Error ?? "Not acknowledged."),
        };
    }

    private async Task RunWorkerAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var batch = new List<StoredMessage>(_options.DispatchBatchSize);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                batch.Clear();
                while (batch.Count < _options.DispatchBatchSize && _queue.Reader.TryRead(out var message))
                {
                    batch.Add(message);
                }

                if (batch.Count == 0)
                {
                    continue;
                }

                try
                {
                    await PublishAsync(batch, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // The messages stay committed under this instance's lease; recovery publishes them once it expires.
                    LogBatchFailed(_logger, batch.Count, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 500, Level = LogLevel.Debug, Message = "Published {Count} message(s) through {Transport}")]
    private static partial void LogPublished(ILogger logger, int count, string transport);

    [LoggerMessage(EventId = 501, Level = LogLevel.Warning, Message = "Publishing {Count} message(s) through {Transport} failed; retrying in {DelayMs} ms: {Error}")]
    private static partial void LogPublishFailed(ILogger logger, int count, string transport, double delayMs, string error);

    [LoggerMessage(EventId = 502, Level = LogLevel.Error, Message = "A publish batch of {Count} message(s) failed; recovery publishes them when their lease expires")]
    private static partial void LogBatchFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = 503, Level = LogLevel.Information, Message = "Message {MessageId} redelivered to consumer group {ConsumerGroup} (attempt {Attempt}): {Result}")]
    private static partial void LogRedelivered(ILogger logger, long messageId, string consumerGroup, int attempt, SendResult result);

    [LoggerMessage(EventId = 504, Level = LogLevel.Warning, Message = "Message {MessageId} is a dead letter for consumer group {ConsumerGroup} after {Attempts} deliveries")]
    private static partial void LogDeadLettered(ILogger logger, long messageId, string consumerGroup, int attempts);
}
