using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transactions.Common.Ids;
using Transactions.ReliableMessage.Dispatch;
using Transactions.ReliableMessage.Domain;
using Transactions.ReliableMessage.Errors;
using Transactions.ReliableMessage.Options;
using Transactions.ReliableMessage.Storage;

namespace Transactions.ReliableMessage.Engine;

/// <summary>
/// The service's operations, shared by the gRPC and HTTP/JSON APIs: half-messages (Prepare, Commit, Rollback),
/// acknowledgements, subscriptions, status, and the administrator's actions on dead letters and parked messages.
/// Errors are <see cref="ReliableMessageException"/> subtypes.
/// </summary>
public sealed partial class ReliableMessageEngine(
    IMessageStore store,
    IIdGenerator ids,
    MessageDispatcher dispatcher,
    SubscriptionRegistry subscriptions,
    IMessageTransport transport,
    InstanceIdentity identity,
    IOptions<ReliableMessageOptions> options,
    TimeProvider timeProvider,
    ILogger<ReliableMessageEngine> logger) : IDisposable
{
    private readonly ReliableMessageOptions _options = options.Value;

    private readonly RequestBatcher<StoredMessage, PrepareOutcome> _prepares =
        new(store.PrepareManyAsync, options.Value.WriteBatchSize, options.Value.WriteConcurrency);

    private readonly RequestBatcher<MessageTransition, TransitionOutcome> _commits =
        new(store.CommitManyAsync, options.Value.WriteBatchSize, options.Value.WriteConcurrency);

    /// <inheritdoc />
    public void Dispose()
    {
        _prepares.Dispose();
        _commits.Dispose();
    }

    /// <summary>Stores a half-message (invisible until committed). Idempotent on (producer group, producer key).</summary>
    public async Task<PrepareResult> PrepareAsync(PrepareCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var topic = RequestValidation.Name(command.Topic, "topic", RequestLimits.Topic);
        var producerGroup = RequestValidation.Name(command.ProducerGroup, "producer_group", RequestLimits.Name);
        var key = RequestValidation.Optional(command.Key, "key", RequestLimits.Key);
        var producerKey = RequestValidation.Optional(command.ProducerKey, "producer_key", RequestLimits.Name);
        var checkEndpoint = RequestValidation.Endpoint(command.CheckEndpoint, "check_endpoint");
        if (command.Payload.Length > _options.MaxPayloadBytes)
        {
            throw new InvalidMessageRequestException("payload", $"is {command.Payload.Length} bytes; at most {_options.MaxPayloadBytes} are allowed.");
        }

        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var message = new StoredMessage
        {
            MessageId = ids.NextId(),
            Topic = topic,
            Key = key,
            Payload = command.Payload.ToArray(),
            ProducerGroup = producerGroup,
            ProducerKey = producerKey,
            CheckEndpoint = checkEndpoint,
            Status = MessageStatus.Prepared,
            CreatedUnixMs = now,
            UpdatedUnixMs = now,
            NextAttemptUnixMs = now + (long)_options.CheckDelay.TotalMilliseconds,
        };
        var outcome = await _prepares.RunAsync(message, cancellationToken).ConfigureAwait(false);
        return new PrepareResult(outcome.Message, Existing: !outcome.Created);
    }

    /// <summary>Commits a prepared (or parked) message and publishes it. Idempotent.</summary>
    /// <exception cref="MessageNotFoundException">Unknown id.</exception>
    /// <exception cref="MessageStateException">The message was rolled back.</exception>
    public async Task<MessageStatus> CommitAsync(long messageId, CancellationToken cancellationToken)
    {
        RequestValidation.MessageId(messageId);
        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var outcome = await _commits.RunAsync(
            new MessageTransition(messageId, now, AllowParked: true, identity.LeaseOwner, now + (long)_options.LeaseDuration.TotalMilliseconds),
            cancellationToken).ConfigureAwait(false);
        if (!outcome.Found)
        {
            throw new MessageNotFoundException(messageId);
        }

        if (outcome is { Changed: true, Message: { } committed })
        {
            await dispatcher.EnqueueAsync(committed, cancellationToken).ConfigureAwait(false);
            return outcome.Status;
        }

        return outcome.Status switch
        {
            MessageStatus.Committed or MessageStatus.Published => outcome.Status,
            _ => throw new MessageStateException(messageId, outcome.Status.ToString(), $"Message {messageId} is {outcome.Status} and cannot be committed."),
        };
    }

    /// <summary>Rolls a prepared (or parked) message back. Idempotent.</summary>
    /// <exception cref="MessageNotFoundException">Unknown id.</exception>
    /// <exception cref="MessageStateException">The message was committed.</exception>
    public async Task<MessageStatus> RollbackAsync(long messageId, string? reason, CancellationToken cancellationToken)
    {
        RequestValidation.MessageId(messageId);
        var why = RequestValidation.Optional(reason, "reason", RequestLimits.Reason) ?? "Rolled back by the producer.";
        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var outcome = await store.RollbackAsync(new MessageTransition(messageId, now, AllowParked: true, Reason: why), cancellationToken).ConfigureAwait(false);
        if (!outcome.Found)
        {
            throw new MessageNotFoundException(messageId);
        }

        return outcome.Changed || outcome.Status == MessageStatus.RolledBack
            ? outcome.Status
            : throw new MessageStateException(messageId, outcome.Status.ToString(), $"Message {messageId} is {outcome.Status} and cannot be rolled back.");
    }

    /// <summary>Acknowledges processed messages for a consumer group. Returns how many deliveries changed.</summary>
    public async Task<int> AckAsync(string consumerGroup, IReadOnlyList<long> messageIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messageIds);
        var group = RequestValidation.Name(consumerGroup, "consumer_group", RequestLimits.Name);
        if (messageIds.Count > RequestLimits.AckBatch)
        {
            throw new InvalidMessageRequestException("message_ids", $"has {messageIds.Count} ids; at most {RequestLimits.AckBatch} per call are allowed.");
        }

        if (messageIds.Count == 0)
        {
            return 0;
        }

        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        return await store.AckAsync(group, messageIds, now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Subscribes a consumer group to topics: from now on its deliveries are tracked and redelivered until
    /// acknowledged. Returns where its redeliveries arrive (Kafka: its retry topic), or null.
    /// </summary>
    public async Task<string?> SubscribeAsync(string consumerGroup, IReadOnlyList<string> topics, string? pushEndpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topics);
        var group = RequestValidation.Name(consumerGroup, "consumer_group", RequestLimits.Name);
        if (topics.Count == 0 || topics.Count > RequestLimits.Topics)
        {
            throw new InvalidMessageRequestException("topics", $"must name 1 to {RequestLimits.Topics} topics.");
        }

        var names = topics.Select(t => RequestValidation.Name(t, "topics", RequestLimits.Topic)).Distinct(StringComparer.Ordinal).ToList();
        var endpoint = RequestValidation.Endpoint(pushEndpoint, "push_endpoint");
        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        await store.SubscribeAsync(group, names, endpoint, now, cancellationToken).ConfigureAwait(false);
        await subscriptions.RefreshAsync(cancellationToken).ConfigureAwait(false);
        LogSubscribed(logger, group, string.Join(",", names));
        return transport.GetRetryAddress(group);
    }

    /// <summary>A message with its deliveries.</summary>
    /// <exception cref="MessageNotFoundException">Unknown id.</exception>
    public async Task<MessageSnapshot> GetAsync(long messageId, CancellationToken cancellationToken)
    {
        RequestValidation.MessageId(messageId);
        return await store.LoadAsync(messageId, cancellationToken).ConfigureAwait(false)
            ?? throw new MessageNotFoundException(messageId);
    }

    /// <summary>The history of a message.</summary>
    public Task<IReadOnlyList<MessageEvent>> GetEventsAsync(long messageId, CancellationToken cancellationToken) =>
        store.GetEventsAsync(RequestValidation.MessageId(messageId), cancellationToken);

    /// <summary>Dead letters, newest message first: optionally of one group and topic, dead for at least <paramref name="minAge"/>, before a cursor.</summary>
    /// <exception cref="InvalidMessageRequestException">A malformed filter, naming it.</exception>
    public Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(
        string? consumerGroup, string? topic, TimeSpan? minAge, long? beforeMessageId, int limit, CancellationToken cancellationToken)
    {
        var group = string.IsNullOrEmpty(consumerGroup) ? null : RequestValidation.Name(consumerGroup, "consumer_group", RequestLimits.Name);
        var topicName = string.IsNullOrEmpty(topic) ? null : RequestValidation.Name(topic, "topic", RequestLimits.Name);
        if (minAge < TimeSpan.Zero)
        {
            throw new InvalidMessageRequestException("min_age", "must not be negative.");
        }

        long? deadBy = minAge is { } age ? timeProvider.GetUtcNow().ToUnixTimeMilliseconds() - (long)age.TotalMilliseconds : null;
        return store.ListDeadLettersAsync(new DeadLetterQuery(group, topicName, deadBy, Cursor(beforeMessageId), Limit(limit)), cancellationToken);
    }

    /// <summary>Parked messages, newest first, optionally of one producer group, before a cursor.</summary>
    /// <exception cref="InvalidMessageRequestException">A malformed filter, naming it.</exception>
    public Task<IReadOnlyList<StoredMessage>> ListParkedAsync(string? producerGroup, long? beforeMessageId, int limit, CancellationToken cancellationToken)
    {
        var group = string.IsNullOrEmpty(producerGroup) ? null : RequestValidation.Name(producerGroup, "producer_group", RequestLimits.Name);
        return store.ListParkedAsync(new ParkedQuery(group, Cursor(beforeMessageId), Limit(limit)), cancellationToken);
    }

    /// <summary>Messages and deliveries per status, and dead letters.</summary>
    public Task<StatusCounts> CountAsync(CancellationToken cancellationToken) => store.CountAsync(cancellationToken);

    /// <summary>
    /// Makes the back-check of a prepared or parked message due now (recovery asks the producer at its next poll; a
    /// parked message gets one more check and parks again if that fails too). Safe to repeat.
    /// </summary>
    /// <exception cref="MessageNotFoundException">Unknown id.</exception>
    /// <exception cref="MessageStateException">The message is already committed, published or rolled back.</exception>
    public async Task<MessageStatus> RecheckAsync(long messageId, string? reason, string? actor, CancellationToken cancellationToken)
    {
        RequestValidation.MessageId(messageId);
        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var audit = new MessageEvent
        {
            MessageId = messageId,
            AtUnixMs = now,
            Kind = MessageEventKinds.RecheckRequested,
            Actor = RequestValidation.Optional(actor, "actor", RequestLimits.Reason) ?? "admin",
            Detail = RequireReason(reason),
        };
        var status = await store.ScheduleCheckNowAsync(messageId, now, audit, cancellationToken).ConfigureAwait(false)
            ?? throw new MessageNotFoundException(messageId);
        return status == MessageStatus.Prepared
            ? status
            : throw new MessageStateException(messageId, status.ToString(), $"Message {messageId} is {status}: only prepared or parked messages can be re-checked.");
    }

    /// <summary>Gives a dead (or discarded) delivery a fresh redelivery schedule, starting now. Safe to repeat.</summary>
    public async Task<DeliveryStatus> RequeueAsync(long messageId, string consumerGroup, string? reason, string? actor, CancellationToken cancellationToken)
    {
        var (group, audit) = AdminAction(messageId, consumerGroup, reason, actor, MessageEventKinds.Requeued);
        var status = await store.RequeueAsync(messageId, group, audit.AtUnixMs, audit, cancellationToken).ConfigureAwait(false)
            ?? throw new MessageNotFoundException(messageId, group);
        return status switch
        {
            DeliveryStatus.Pending or DeliveryStatus.Delivered or DeliveryStatus.Acked => status,
            _ => throw new MessageStateException(messageId, status.ToString(), $"The delivery of message {messageId} to '{group}' is {status} and cannot be requeued."),
        };
    }

    /// <summary>Discards a dead delivery. Safe to repeat.</summary>
    public async Task<DeliveryStatus> DiscardAsync(long messageId, string consumerGroup, string? reason, string? actor, CancellationToken cancellationToken)
    {
        var (group, audit) = AdminAction(messageId, consumerGroup, reason, actor, MessageEventKinds.Discarded);
        var status = await store.DiscardAsync(messageId, group, audit.AtUnixMs, audit, cancellationToken).ConfigureAwait(false)
            ?? throw new MessageNotFoundException(messageId, group);
        return status == DeliveryStatus.Discarded
            ? status
            : throw new MessageStateException(messageId, status.ToString(), $"The delivery of message {messageId} to '{group}' is {status}; only dead letters can be discarded.");
    }

    /// <summary>Commits or rolls back a parked (or prepared) message on an administrator's word. Safe to repeat.</summary>
    public async Task<MessageStatus> ResolveParkedAsync(long messageId, bool commit, string? reason, string? actor, CancellationToken cancellationToken)
    {
        RequestValidation.MessageId(messageId);
        var why = RequireReason(reason);
        var who = RequestValidation.Optional(actor, "actor", RequestLimits.Reason) ?? "admin";
        var status = commit
            ? await CommitAsync(messageId, cancellationToken).ConfigureAwait(false)
            : await RollbackAsync(messageId, "Administrator: " + why, cancellationToken).ConfigureAwait(false);
        await store.AppendEventsAsync(
            [
                new MessageEvent
                {
                    MessageId = messageId,
                    AtUnixMs = timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
                    Kind = commit ? MessageEventKinds.AdminCommitted : MessageEventKinds.AdminRolledBack,
                    Actor = who,
                    Detail = why,
                },
            ],
            cancellationToken).ConfigureAwait(false);
        return status;
    }

    private (string Group, MessageEvent Audit) AdminAction(long messageId, string consumerGroup, string? reason, string? actor, string kind)
    {
        RequestValidation.MessageId(messageId);
        var group = RequestValidation.Name(consumerGroup, "consumer_group", RequestLimits.Name);
        var audit = new MessageEvent
        {
            MessageId = messageId,
            ConsumerGroup = group,
            AtUnixMs = timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
            Kind = kind,
            Actor = RequestValidation.Optional(actor, "actor", RequestLimits.Reason) ?? "admin",
            Detail = RequireReason(reason),
        };
        return (group, audit);
    }

    private static string RequireReason(string? reason) =>
        RequestValidation.Optional(reason, "reason", RequestLimits.Reason)
        ?? throw new InvalidMessageRequestException("reason", "is required for administrator actions.");

    private static long? Cursor(long? beforeMessageId) =>
        beforeMessageId is null or > 0 ? beforeMessageId : throw new InvalidMessageRequestException("before", "must be a positive message id.");

    private static int Limit(int limit) => limit <= 0 ? 100 : Math.Min(limit, RequestLimits.List);

    [LoggerMessage(EventId = 900, Level = LogLevel.Information, Message = "Consumer group {ConsumerGroup} subscribed to {Topics}")]
    private static partial void LogSubscribed(ILogger logger, string consumerGroup, string topics);
}
