using Transactions.ReliableMessage.Domain;

namespace Transactions.ReliableMessage.Storage;

/// <summary>
/// Durable state of the reliable-message service: messages, per-group deliveries, subscriptions and
/// history. Every state change is a conditional write (compare-and-set on status, and on the lease
/// owner where stated), so several service instances share one database without a leader; work is
/// claimed row by row with a lease (owner + expiry) that a crashed instance's successor takes over.
/// All times are Unix milliseconds.
/// </summary>
public interface IMessageStore
{
    /// <summary>
    /// Inserts <paramref name="message"/> (status <see cref="MessageStatus.Prepared"/>). When a message with the
    /// same (ProducerGroup, ProducerKey) exists, nothing is written and that message is returned with
    /// <see cref="PrepareOutcome.Created"/> false.
    /// </summary>
    Task<PrepareOutcome> PrepareAsync(StoredMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="PrepareAsync"/> for several messages at once (one statement where the provider allows it); one
    /// outcome per message, in order. Messages with the same producer key in one call all get the first one.
    /// </summary>
    Task<IReadOnlyList<PrepareOutcome>> PrepareManyAsync(IReadOnlyList<StoredMessage> messages, CancellationToken cancellationToken);

    /// <summary>The message (with its payload), or null.</summary>
    Task<StoredMessage?> FindAsync(long messageId, CancellationToken cancellationToken);

    /// <summary>The message with its deliveries ordered by consumer group, or null.</summary>
    Task<MessageSnapshot?> LoadAsync(long messageId, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="MessageStatus.Prepared"/> (or <see cref="MessageStatus.Parked"/>) to
    /// <see cref="MessageStatus.Committed"/>, due for publishing at once and leased by the committing
    /// instance (which publishes it right away; others take over when the lease expires).
    /// </summary>
    Task<TransitionOutcome> CommitAsync(MessageTransition transition, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="CommitAsync"/> for several messages at once (one statement where the provider allows it); one
    /// outcome per transition, in order. The lease owner, expiry and time of the first transition apply to all.
    /// </summary>
    Task<IReadOnlyList<TransitionOutcome>> CommitManyAsync(IReadOnlyList<MessageTransition> transitions, CancellationToken cancellationToken);

    /// <summary><see cref="MessageStatus.Prepared"/> (or <see cref="MessageStatus.Parked"/>) to <see cref="MessageStatus.RolledBack"/>.</summary>
    Task<TransitionOutcome> RollbackAsync(MessageTransition transition, CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="maxCount"/> <see cref="MessageStatus.Committed"/> messages whose next attempt
    /// is due and whose lease is free, expired or held by <paramref name="owner"/>. Returns them with payloads.
    /// </summary>
    Task<IReadOnlyList<StoredMessage>> ClaimCommittedAsync(string owner, long nowUnixMs, long leaseExpiresUnixMs, int maxCount, CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="maxCount"/> <see cref="MessageStatus.Prepared"/> messages whose back-check
    /// is due and whose lease is free, expired or held by <paramref name="owner"/>.
    /// </summary>
    Task<IReadOnlyList<StoredMessage>> ClaimDueChecksAsync(string owner, long nowUnixMs, long leaseExpiresUnixMs, int maxCount, CancellationToken cancellationToken);

    /// <summary>
    /// Records a failed back-check of a message still <see cref="MessageStatus.Prepared"/> and leased by
    /// <see cref="CheckRetry.Owner"/>: attempts, error, next check, lease released; or parks it when
    /// <see cref="CheckRetry.Park"/> (with a <see cref="MessageEventKinds.Parked"/> event). False when the
    /// condition did not hold (nothing written).
    /// </summary>
    Task<bool> SaveCheckRetryAsync(CheckRetry retry, CancellationToken cancellationToken);

    /// <summary>
    /// Before a first publish: inserts a <see cref="DeliveryStatus.Pending"/> row (no next attempt: the
    /// message's publish owns it) for every key that has no row yet. Existing rows are left alone.
    /// </summary>
    Task InsertPendingDeliveriesAsync(IReadOnlyList<DeliveryKey> keys, long nowUnixMs, CancellationToken cancellationToken);

    /// <summary>
    /// After a first publish, in one local transaction: the messages go from <see cref="MessageStatus.Committed"/>
    /// to <see cref="MessageStatus.Published"/>; when <see cref="PublishCompletion.AckDeadlineUnixMs"/> is set, their
    /// rows still as inserted by <see cref="InsertPendingDeliveriesAsync"/> become <see cref="DeliveryStatus.Delivered"/>
    /// (attempt 1, due then); then <see cref="PublishCompletion.Deliveries"/> are applied to rows still pending.
    /// </summary>
    Task CompletePublishAsync(PublishCompletion completion, CancellationToken cancellationToken);

    /// <summary>
    /// A publish failed: messages still <see cref="MessageStatus.Committed"/> get their publish attempts
    /// incremented, the error, the next attempt, and their lease released.
    /// </summary>
    Task SchedulePublishRetryAsync(IReadOnlyList<long> messageIds, long nowUnixMs, long nextAttemptUnixMs, string error, CancellationToken cancellationToken);

    /// <summary>
    /// Ends the leases that earlier runs of one instance still hold: messages (publishes, back-checks) and deliveries
    /// leased by an owner that starts with <paramref name="ownerPrefix"/> but is not <paramref name="currentOwner"/>
    /// lose their lease, and become claimable as soon as their work is due instead of when the dead run's lease would
    /// have expired. Leases of other instances are left alone. Returns how many rows were released.
    /// </summary>
    Task<int> ReleaseEarlierRunsLeasesAsync(string ownerPrefix, string currentOwner, long nowUnixMs, CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="maxCount"/> deliveries that need work: <see cref="DeliveryStatus.Delivered"/>
    /// past their ack deadline and requeued <see cref="DeliveryStatus.Pending"/> rows that are due, whose lease is
    /// free, expired or held by <paramref name="owner"/>. Returned with their message.
    /// </summary>
    Task<IReadOnlyList<DueDelivery>> ClaimDueDeliveriesAsync(string owner, long nowUnixMs, long leaseExpiresUnixMs, int maxCount, CancellationToken cancellationToken);

    /// <summary>
    /// Applies redelivery outcomes to rows still leased by <paramref name="owner"/> and still
    /// <see cref="DeliveryStatus.Pending"/> or <see cref="DeliveryStatus.Delivered"/> (an acknowledgement that
    /// arrived meanwhile wins), releasing the lease, and appends <paramref name="events"/>.
    /// </summary>
    Task SaveDeliveryOutcomesAsync(string owner, long nowUnixMs, IReadOnlyList<DeliveryUpdate> updates, IReadOnlyList<MessageEvent> events, CancellationToken cancellationToken);

    /// <summary>
    /// Acknowledges the deliveries of <paramref name="messageIds"/> to <paramref name="consumerGroup"/> that are
    /// pending, delivered or dead. Returns how many changed. Unknown pairs are ignored.
    /// </summary>
    Task<int> AckAsync(string consumerGroup, IReadOnlyList<long> messageIds, long nowUnixMs, CancellationToken cancellationToken);

    /// <summary>Creates or updates the subscription of <paramref name="consumerGroup"/> to each topic.</summary>
    Task SubscribeAsync(string consumerGroup, IReadOnlyList<string> topics, string? pushEndpoint, long nowUnixMs, CancellationToken cancellationToken);

    /// <summary>Every subscription.</summary>
    Task<IReadOnlyList<TopicSubscription>> GetSubscriptionsAsync(CancellationToken cancellationToken);

    /// <summary>Dead deliveries matching <paramref name="query"/>, newest message first (then by group).</summary>
    Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(DeadLetterQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// A <see cref="DeliveryStatus.Dead"/> or <see cref="DeliveryStatus.Discarded"/> delivery becomes
    /// <see cref="DeliveryStatus.Pending"/> with a fresh schedule (attempts 0, due now), with the audit event.
    /// Returns the status after the call, or null when the delivery does not exist.
    /// </summary>
    Task<DeliveryStatus?> RequeueAsync(long messageId, string consumerGroup, long nowUnixMs, MessageEvent audit, CancellationToken cancellationToken);

    /// <summary>
    /// A <see cref="DeliveryStatus.Dead"/> delivery becomes <see cref="DeliveryStatus.Discarded"/>, with the audit
    /// event. Returns the status after the call, or null when the delivery does not exist.
    /// </summary>
    Task<DeliveryStatus?> DiscardAsync(long messageId, string consumerGroup, long nowUnixMs, MessageEvent audit, CancellationToken cancellationToken);

    /// <summary>Parked messages matching <paramref name="query"/>, newest first.</summary>
    Task<IReadOnlyList<StoredMessage>> ListParkedAsync(ParkedQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// A <see cref="MessageStatus.Prepared"/> or <see cref="MessageStatus.Parked"/> message becomes Prepared with its
    /// back-check due at <paramref name="nowUnixMs"/> (attempts and lease kept), with the audit event. Returns the
    /// status after the call (unchanged and without event for other statuses), or null when the message does not exist.
    /// </summary>
    Task<MessageStatus?> ScheduleCheckNowAsync(long messageId, long nowUnixMs, MessageEvent audit, CancellationToken cancellationToken);

    /// <summary>Messages and deliveries per status, and dead letters.</summary>
    Task<StatusCounts> CountAsync(CancellationToken cancellationToken);

    /// <summary>Appends history outside any state change.</summary>
    Task AppendEventsAsync(IReadOnlyList<MessageEvent> events, CancellationToken cancellationToken);

    /// <summary>The history of a message, oldest first.</summary>
    Task<IReadOnlyList<MessageEvent>> GetEventsAsync(long messageId, CancellationToken cancellationToken);
}
