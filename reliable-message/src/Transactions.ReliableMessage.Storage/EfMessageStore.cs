using System.Linq.Expressions;
using System.Runtime.ExceptionServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Transactions.ReliableMessage.Domain;
using Transactions.ReliableMessage.Engine;
using Transactions.ReliableMessage.Storage.Model;

namespace Transactions.ReliableMessage.Storage;

/// <summary>
/// <see cref="IMessageStore"/> on EF Core (SQLite, PostgreSQL, SQL Server). Every call uses its own short-lived
/// pooled context; reads are not tracked; state changes are conditional updates whose affected-row count decides,
/// and every multi-statement change runs in one local transaction.
/// </summary>
/// <remarks>
/// PostgreSQL takes shortcuts that save round trips on the hot paths (<c>UPDATE ... RETURNING</c> on commit, one
/// <c>FOR UPDATE SKIP LOCKED</c> statement per claim, <c>INSERT ... ON CONFLICT DO NOTHING</c> from arrays).
/// SQLite and SQL Server run the portable path, which the SQLite compliance tests cover.
/// </remarks>
public sealed partial class EfMessageStore : IMessageStore
{
    private const int Prepared = (int)MessageStatus.Prepared;
    private const int Committed = (int)MessageStatus.Committed;
    private const int Parked = (int)MessageStatus.Parked;
    private const int Pending = (int)DeliveryStatus.Pending;
    private const int Delivered = (int)DeliveryStatus.Delivered;

    private readonly IDbContextFactory<MessageDbContext> _contexts;
    private readonly ILogger<EfMessageStore> _logger;
    private readonly bool _postgreSql;

    /// <summary>Creates the store.</summary>
    /// <param name="contextFactory">Factory of contexts configured with <c>UseReliableMessageStorage</c>.</param>
    /// <param name="logger">Logger.</param>
    public EfMessageStore(IDbContextFactory<MessageDbContext> contextFactory, ILogger<EfMessageStore> logger)
    {
        ArgumentNullException.ThrowIfNull(contextFactory);
        ArgumentNullException.ThrowIfNull(logger);
        _contexts = contextFactory;
        _logger = logger;
        using var context = contextFactory.CreateDbContext();
        _postgreSql = context.Database.IsNpgsql();
    }

    /// <inheritdoc />
    public async Task<PrepareOutcome> PrepareAsync(StoredMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        DbUpdateException failure;
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            context.Messages.Add(message);
            try
            {
                await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                return new PrepareOutcome(message, Created: true);
            }
            catch (DbUpdateException ex) when (message.ProducerKey is not null)
            {
                // Most likely the producer key's unique index: a retried Prepare. Checked below.
                failure = ex;
            }
        }

        var existing = await FindByProducerKeyAsync(message.ProducerGroup, message.ProducerKey, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        LogPrepareReplayed(_logger, existing.MessageId, message.ProducerKey);
        return new PrepareOutcome(existing, Created: false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<PrepareOutcome>> PrepareManyAsync(IReadOnlyList<StoredMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (!_postgreSql || messages.Count == 1)
        {
            var outcomes = new PrepareOutcome[messages.Count];
            for (var i = 0; i < messages.Count; i++)
            {
                outcomes[i] = await PrepareAsync(messages[i], cancellationToken).ConfigureAwait(false);
            }

            return outcomes;
        }

        var n = messages.Count;
        var ids = new long[n];
        var topics = new string[n];
        var keys = new string?[n];
        var payloads = new byte[n][];
        var groups = new string[n];
        var producerKeys = new string?[n];
        var endpoints = new string?[n];
        var created = new long[n];
        var next = new long?[n];
        for (var i = 0; i < n; i++)
        {
            var m = messages[i];
            ids[i] = m.MessageId;
            topics[i] = m.Topic;
            keys[i] = m.Key;
            payloads[i] = m.Payload;
            groups[i] = m.ProducerGroup;
            producerKeys[i] = m.ProducerKey;
            endpoints[i] = m.CheckEndpoint;
            created[i] = m.CreatedUnixMs;
            next[i] = m.NextAttemptUnixMs;
        }

        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            // One statement for the whole batch; a producer key already taken (or taken earlier in the batch) is skipped.
            var inserted = (await context.Database.SqlQuery<long>($"""
                INSERT INTO rm_messages (message_id, topic, message_key, payload, producer_group, producer_key, check_endpoint,
                    status, created_unix_ms, updated_unix_ms, check_attempts, publish_attempts, next_attempt_unix_ms)
                SELECT u.id, u.topic, u.message_key, u.payload, u.producer_group, u.producer_key, u.check_endpoint,
                    {Prepared}, u.created, u.created, 0, 0, u.next
                FROM unnest({ids}::bigint[], {topics}::text[], {keys}::text[], {payloads}::bytea[], {groups}::text[],
                    {producerKeys}::text[], {endpoints}::text[], {created}::bigint[], {next}::bigint[])
                    AS u(id, topic, message_key, payload, producer_group, producer_key, check_endpoint, created, next)
                ON CONFLICT (producer_group, producer_key) WHERE producer_key IS NOT NULL DO NOTHING
                RETURNING message_id AS "Value"
                """).ToListAsync(cancellationToken).ConfigureAwait(false)).ToHashSet();
            var outcomes = new PrepareOutcome[n];
            for (var i = 0; i < n; i++)
            {
                if (inserted.Contains(messages[i].MessageId))
                {
                    outcomes[i] = new PrepareOutcome(messages[i], Created: true);
                }
            }

            for (var i = 0; i < n; i++)
            {
                if (outcomes[i] is null)
                {
                    // A retried Prepare: the key belongs to an earlier message.
                    var existing = await FindByProducerKeyAsync(messages[i].ProducerGroup, messages[i].ProducerKey, cancellationToken).ConfigureAwait(false)
                        ?? throw new InvalidOperationException($"Message {messages[i].MessageId} was neither inserted nor found by its producer key.");
                    LogPrepareReplayed(_logger, existing.MessageId, messages[i].ProducerKey);
                    outcomes[i] = new PrepareOutcome(existing, Created: false);
                }
            }

            return outcomes;
        }
    }

    /// <inheritdoc />
    public async Task<StoredMessage?> FindAsync(long messageId, CancellationToken cancellationToken)
    {
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            return await context.Messages.AsNoTracking().FirstOrDefaultAsync(m => m.MessageId == messageId, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<MessageSnapshot?> LoadAsync(long messageId, CancellationToken cancellationToken)
    {
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            var message = await context.Messages.AsNoTracking().FirstOrDefaultAsync(m => m.MessageId == messageId, cancellationToken).ConfigureAwait(false);
            if (message is null)
            {
                return null;
            }

            var deliveries = await context.Deliveries.AsNoTracking()
                .Where(d => d.MessageId == messageId)
                .OrderBy(d => d.ConsumerGroup)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            return new MessageSnapshot(message, deliveries);
        }
    }

    /// <inheritdoc />
    public async Task<TransitionOutcome> CommitAsync(MessageTransition transition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transition);
        ArgumentException.ThrowIfNullOrEmpty(transition.LeaseOwner);
        var id = transition.MessageId;
        var now = transition.NowUnixMs;
        var owner = transition.LeaseOwner;
        var expires = transition.LeaseExpiresUnixMs ?? now;
        var allowParked = transition.AllowParked;
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            StoredMessage? committed;
            if (_postgreSql)
            {
                // One round trip for the change and the row the dispatcher needs.
                var rows = await context.Messages.FromSql($"""
                    UPDATE rm_messages
                    SET status = {Committed}, committed_unix_ms = {now}, updated_unix_ms = {now}, next_attempt_unix_ms = {now},
                        last_error = NULL, lease_owner = {owner}, lease_expires_unix_ms = {expires}
                    WHERE message_id = {id} AND (status = {Prepared} OR (status = {Parked} AND {allowParked}))
                    RETURNING *
                    """).AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
                committed = rows.Count == 0 ? null : rows[0];
            }
            else
            {
                var updated = await context.Messages
                    .Where(m => m.MessageId == id && (m.Status == MessageStatus.Prepared || (allowParked && m.Status == MessageStatus.Parked)))
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(m => m.Status, MessageStatus.Committed)
                        .SetProperty(m => m.CommittedUnixMs, now)
                        .SetProperty(m => m.UpdatedUnixMs, now)
                        .SetProperty(m => m.NextAttemptUnixMs, now)
                        .SetProperty(m => m.LastError, (string?)null)
                        .SetProperty(m => m.LeaseOwner, owner)
                        .SetProperty(m => m.LeaseExpiresUnixMs, expires), cancellationToken).ConfigureAwait(false);
                committed = updated == 0
                    ? null
                    : await context.Messages.AsNoTracking().FirstAsync(m => m.MessageId == id, cancellationToken).ConfigureAwait(false);
            }

            return committed is not null
                ? new TransitionOutcome(true, MessageStatus.Committed, Changed: true, committed)
                : await UnchangedAsync(context, id, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<TransitionOutcome>> CommitManyAsync(IReadOnlyList<MessageTransition> transitions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transitions);
        var first = transitions.Count > 0 ? transitions[0] : null;
        if (!_postgreSql || first is null || transitions.Count == 1 || transitions.Any(t => t.AllowParked != first.AllowParked))
        {
            var outcomes = new TransitionOutcome[transitions.Count];
            for (var i = 0; i < transitions.Count; i++)
            {
                outcomes[i] = await CommitAsync(transitions[i], cancellationToken).ConfigureAwait(false);
            }

            return outcomes;
        }

        ArgumentException.ThrowIfNullOrEmpty(first.LeaseOwner);
        var ids = transitions.Select(t => t.MessageId).Distinct().ToArray();
        var now = transitions.Max(t => t.NowUnixMs);
        var owner = first.LeaseOwner;
        var expires = transitions.Max(t => t.LeaseExpiresUnixMs ?? t.NowUnixMs);
        var allowParked = first.AllowParked;
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            var committed = (await context.Messages.FromSql($"""
                UPDATE rm_messages
                SET status = {Committed}, committed_unix_ms = {now}, updated_unix_ms = {now}, next_attempt_unix_ms = {now},
                    last_error = NULL, lease_owner = {owner}, lease_expires_unix_ms = {expires}
                WHERE message_id = ANY({ids}) AND (status = {Prepared} OR (status = {Parked} AND {allowParked}))
                RETURNING *
                """).AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(m => m.MessageId);
            var others = ids.Where(id => !committed.ContainsKey(id)).ToArray();
            var statuses = others.Length == 0
                ? []
                : await context.Messages.Where(m => others.Contains(m.MessageId))
                    .Select(m => new { m.MessageId, m.Status })
                    .ToDictionaryAsync(m => m.MessageId, m => m.Status, cancellationToken).ConfigureAwait(false);
            var outcomes = new TransitionOutcome[transitions.Count];
            for (var i = 0; i < transitions.Count; i++)
            {
                var id = transitions[i].MessageId;
                if (committed.Remove(id, out var message))
                {
                    outcomes[i] = new TransitionOutcome(true, MessageStatus.Committed, Changed: true, message);
                }
                else if (statuses.TryGetValue(id, out var status))
                {
                    outcomes[i] = new TransitionOutcome(true, status, Changed: false, null);
                }
                else
                {
                    // Committed by an earlier duplicate in this batch, or unknown.
                    outcomes[i] = ids.Contains(id) && !others.Contains(id) ? new TransitionOutcome(true, MessageStatus.Committed, false, null) : TransitionOutcome.NotFound;
                }
            }

            return outcomes;
        }
    }

    /// <inheritdoc />
    public async Task<TransitionOutcome> RollbackAsync(MessageTransition transition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transition);
        var id = transition.MessageId;
        var now = transition.NowUnixMs;
        var allowParked = transition.AllowParked;
        var reason = Truncate(transition.Reason, RequestLimits.Error);
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            var updated = await context.Messages
                .Where(m => m.MessageId == id && (m.Status == MessageStatus.Prepared || (allowParked && m.Status == MessageStatus.Parked)))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Status, MessageStatus.RolledBack)
                    .SetProperty(m => m.CompletedUnixMs, now)
                    .SetProperty(m => m.UpdatedUnixMs, now)
                    .SetProperty(m => m.NextAttemptUnixMs, (long?)null)
                    .SetProperty(m => m.LastError, reason)
                    .SetProperty(m => m.LeaseOwner, (string?)null)
                    .SetProperty(m => m.LeaseExpiresUnixMs, (long?)null), cancellationToken).ConfigureAwait(false);
            return updated == 1
                ? new TransitionOutcome(true, MessageStatus.RolledBack, Changed: true, null)
                : await UnchangedAsync(context, id, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredMessage>> ClaimCommittedAsync(string owner, long nowUnixMs, long leaseExpiresUnixMs, int maxCount, CancellationToken cancellationToken) =>
        ClaimMessagesAsync(MessageStatus.Committed, owner, nowUnixMs, leaseExpiresUnixMs, maxCount, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredMessage>> ClaimDueChecksAsync(string owner, long nowUnixMs, long leaseExpiresUnixMs, int maxCount, CancellationToken cancellationToken) =>
        ClaimMessagesAsync(MessageStatus.Prepared, owner, nowUnixMs, leaseExpiresUnixMs, maxCount, cancellationToken);

    /// <inheritdoc />
    public async Task<bool> SaveCheckRetryAsync(CheckRetry retry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(retry);
        var id = retry.MessageId;
        var owner = retry.Owner;
        var now = retry.NowUnixMs;
        var error = Truncate(retry.Error, RequestLimits.Error);
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var updated = await context.Messages
                    .Where(m => m.MessageId == id && m.Status == MessageStatus.Prepared && m.LeaseOwner == owner)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(m => m.Status, retry.Park ? MessageStatus.Parked : MessageStatus.Prepared)
                        .SetProperty(m => m.CheckAttempts, retry.CheckAttempts)
                        .SetProperty(m => m.LastError, error)
                        .SetProperty(m => m.NextAttemptUnixMs, retry.Park ? null : retry.NextCheckUnixMs)
                        .SetProperty(m => m.UpdatedUnixMs, now)
                        .SetProperty(m => m.LeaseOwner, (string?)null)
                        .SetProperty(m => m.LeaseExpiresUnixMs, (long?)null), cancellationToken).ConfigureAwait(false);
                if (updated == 0)
                {
                    return false;
                }

                if (retry.Park)
                {
                    context.Events.Add(Fit(new MessageEvent
                    {
                        MessageId = id,
                        AtUnixMs = now,
                        Kind = MessageEventKinds.Parked,
                        Actor = owner,
                        Detail = $"After {retry.CheckAttempts} back-check(s): {error}",
                    }));
                    await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
        }
    }

    /// <inheritdoc />
    public async Task InsertPendingDeliveriesAsync(IReadOnlyList<DeliveryKey> keys, long nowUnixMs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            return;
        }

        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            if (_postgreSql)
            {
                var ids = new long[keys.Count];
                var groups = new string[keys.Count];
                for (var i = 0; i < keys.Count; i++)
                {
                    ids[i] = keys[i].MessageId;
                    groups[i] = keys[i].ConsumerGroup;
                }

                await context.Database.ExecuteSqlAsync($"""
                    INSERT INTO rm_deliveries (message_id, consumer_group, status, attempts, created_unix_ms, updated_unix_ms)
                    SELECT k.message_id, k.consumer_group, {Pending}, 0, {nowUnixMs}, {nowUnixMs}
                    FROM unnest({ids}::bigint[], {groups}::text[]) AS k(message_id, consumer_group)
                    ON CONFLICT DO NOTHING
                    """, cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        // Portable: read what exists, insert the rest; a concurrent insert of the same row (not possible on SQLite,
        // which serializes writers) makes the batch fail once and the retry skips it.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await InsertMissingDeliveriesAsync(keys, nowUnixMs, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
            }
        }
    }

    /// <inheritdoc />
    public async Task CompletePublishAsync(PublishCompletion completion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(completion);
        if (_postgreSql)
        {
            await CompletePublishPostgreSqlAsync(completion, cancellationToken).ConfigureAwait(false);
            return;
        }

        var ids = completion.MessageIds.ToArray();
        var now = completion.NowUnixMs;
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                if (ids.Length > 0)
                {
                    await context.Messages
                        .Where(m => ids.Contains(m.MessageId) && m.Status == MessageStatus.Committed)
                        .ExecuteUpdateAsync(s => s
                            .SetProperty(m => m.Status, MessageStatus.Published)
                            .SetProperty(m => m.CompletedUnixMs, now)
                            .SetProperty(m => m.UpdatedUnixMs, now)
                            .SetProperty(m => m.NextAttemptUnixMs, (long?)null)
                            .SetProperty(m => m.LastError, (string?)null)
                            .SetProperty(m => m.LeaseOwner, (string?)null)
                            .SetProperty(m => m.LeaseExpiresUnixMs, (long?)null), cancellationToken).ConfigureAwait(false);
                }

                if (ids.Length > 0)
                {
                    if (completion.AckDeadlineUnixMs is { } deadline)
                    {
                        await context.Deliveries
                            .Where(d => ids.Contains(d.MessageId) && d.Status == DeliveryStatus.Pending && d.NextAttemptUnixMs == null && d.Attempts == 0)
                            .ExecuteUpdateAsync(s => s
                                .SetProperty(d => d.Status, DeliveryStatus.Delivered)
                                .SetProperty(d => d.Attempts, 1)
                                .SetProperty(d => d.DeliveredUnixMs, now)
                                .SetProperty(d => d.NextAttemptUnixMs, deadline)
                                .SetProperty(d => d.UpdatedUnixMs, now), cancellationToken).ConfigureAwait(false);
                    }
                }

                foreach (var update in completion.Deliveries)
                {
                    await ApplyDeliveryUpdateAsync(context, update, owner: null, now, cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public async Task SchedulePublishRetryAsync(IReadOnlyList<long> messageIds, long nowUnixMs, long nextAttemptUnixMs, string error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messageIds);
        var ids = messageIds.ToArray();
        var lastError = Truncate(error, RequestLimits.Error);
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            await context.Messages
                .Where(m => ids.Contains(m.MessageId) && m.Status == MessageStatus.Committed)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.PublishAttempts, m => m.PublishAttempts + 1)
                    .SetProperty(m => m.LastError, lastError)
                    .SetProperty(m => m.NextAttemptUnixMs, nextAttemptUnixMs)
                    .SetProperty(m => m.UpdatedUnixMs, nowUnixMs)
                    .SetProperty(m => m.LeaseOwner, (string?)null)
                    .SetProperty(m => m.LeaseExpiresUnixMs, (long?)null), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DueDelivery>> ClaimDueDeliveriesAsync(string owner, long nowUnixMs, long leaseExpiresUnixMs, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            List<MessageDelivery> claimed;
            if (_postgreSql)
            {
                claimed = await context.Deliveries.FromSql($"""
                    WITH picked AS (
                        SELECT message_id, consumer_group FROM rm_deliveries
                        WHERE status IN ({Pending}, {Delivered}) AND next_attempt_unix_ms <= {nowUnixMs}
                          AND (lease_owner IS NULL OR lease_expires_unix_ms < {nowUnixMs})
                        ORDER BY next_attempt_unix_ms
                        LIMIT {maxCount}
                        FOR UPDATE SKIP LOCKED
                    )
                    UPDATE rm_deliveries AS d
                    SET lease_owner = {owner}, lease_expires_unix_ms = {leaseExpiresUnixMs}, updated_unix_ms = {nowUnixMs}
                    FROM picked
                    WHERE d.message_id = picked.message_id AND d.consumer_group = picked.consumer_group
                    RETURNING d.*
                    """).AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                claimed = await ClaimDeliveriesPortableAsync(context, owner, nowUnixMs, leaseExpiresUnixMs, maxCount, cancellationToken).ConfigureAwait(false);
            }

            if (claimed.Count == 0)
            {
                return [];
            }

            var ids = claimed.Select(d => d.MessageId).Distinct().ToArray();
            var messages = await context.Messages.AsNoTracking()
                .Where(m => ids.Contains(m.MessageId))
                .ToDictionaryAsync(m => m.MessageId, cancellationToken).ConfigureAwait(false);
            var due = new List<DueDelivery>(claimed.Count);
            foreach (var delivery in claimed.OrderBy(d => d.NextAttemptUnixMs))
            {
                if (messages.TryGetValue(delivery.MessageId, out var message))
                {
                    due.Add(new DueDelivery(delivery, message));
                }
            }

            return due;
        }
    }

    /// <inheritdoc />
    public async Task<int> ReleaseEarlierRunsLeasesAsync(string ownerPrefix, string currentOwner, long nowUnixMs, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerPrefix);
        ArgumentException.ThrowIfNullOrEmpty(currentOwner);
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            // Only unfinished rows hold leases that matter, and the status filters let the claim indexes find the few
            // of them. StartsWith is a LIKE with the prefix's wildcards escaped on every provider.
            var messages = await context.Messages
                .Where(m => (m.Status == MessageStatus.Prepared || m.Status == MessageStatus.Committed)
                    && m.LeaseOwner != null && m.LeaseOwner.StartsWith(ownerPrefix) && m.LeaseOwner != currentOwner
                    && m.LeaseExpiresUnixMs >= nowUnixMs)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.LeaseOwner, (string?)null)
                    .SetProperty(m => m.LeaseExpiresUnixMs, (long?)null)
                    .SetProperty(m => m.UpdatedUnixMs, nowUnixMs), cancellationToken).ConfigureAwait(false);
            var deliveries = await context.Deliveries
                .Where(d => (d.Status == DeliveryStatus.Pending || d.Status == DeliveryStatus.Delivered)
                    && d.LeaseOwner != null && d.LeaseOwner.StartsWith(ownerPrefix) && d.LeaseOwner != currentOwner
                    && d.LeaseExpiresUnixMs >= nowUnixMs)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(d => d.LeaseOwner, (string?)null)
                    .SetProperty(d => d.LeaseExpiresUnixMs, (long?)null)
                    .SetProperty(d => d.UpdatedUnixMs, nowUnixMs), cancellationToken).ConfigureAwait(false);
            return messages + deliveries;
        }
    }

    /// <inheritdoc />
    public async Task SaveDeliveryOutcomesAsync(string owner, long nowUnixMs, IReadOnlyList<DeliveryUpdate> updates, IReadOnlyList<MessageEvent> events, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentNullException.ThrowIfNull(updates);
        ArgumentNullException.ThrowIfNull(events);
        if (updates.Count == 0 && events.Count == 0)
        {
            return;
        }

        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await LockDeliveriesInOrderAsync(context, [.. updates.Select(u => u.MessageId)], cancellationToken).ConfigureAwait(false);
                foreach (var update in updates)
                {
                    await ApplyDeliveryUpdateAsync(context, update, owner, nowUnixMs, cancellationToken).ConfigureAwait(false);
                }

                if (events.Count > 0)
                {
                    AddEvents(context, events);
                    await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public async Task<int> AckAsync(string consumerGroup, IReadOnlyList<long> messageIds, long nowUnixMs, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(consumerGroup);
        ArgumentNullException.ThrowIfNull(messageIds);
        if (messageIds.Count == 0)
        {
            return 0;
        }

        var ids = messageIds.ToArray();
        if (_postgreSql)
        {
            return await AckPostgreSqlAsync(consumerGroup, ids, nowUnixMs, cancellationToken).ConfigureAwait(false);
        }

        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            return await AckRowsAsync(context, consumerGroup, ids, nowUnixMs, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// PostgreSQL: locks the delivery rows of <paramref name="messageIds"/> (of every group) in
    /// (message_id, consumer_group) order, before a transaction updates several of them. Every such writer (delivery
    /// outcomes here; publish completion and acknowledgements in EfMessageStore.PostgreSql.cs) takes its row locks in
    /// that one order, so two of them never wait for each other in a cycle: without it, a publish completion
    /// walking the rows one way and an acknowledgement batch the other way deadlocked under normal load (one of them
    /// killed by PostgreSQL, 40P01). SQLite has one writer at a time; SQL Server keeps its own order (not covered here).
    /// </summary>
    private Task LockDeliveriesInOrderAsync(MessageDbContext context, long[] messageIds, CancellationToken cancellationToken) =>
        !_postgreSql || messageIds.Length == 0
            ? Task.CompletedTask
            : context.Database.ExecuteSqlAsync(
                $"SELECT 1 FROM rm_deliveries WHERE message_id = ANY({messageIds}) ORDER BY message_id, consumer_group FOR UPDATE",
                cancellationToken);

    private static Task<int> AckRowsAsync(MessageDbContext context, string consumerGroup, long[] ids, long nowUnixMs, CancellationToken cancellationToken) =>
        context.Deliveries
            .Where(d => d.ConsumerGroup == consumerGroup && ids.Contains(d.MessageId)
                && (d.Status == DeliveryStatus.Pending || d.Status == DeliveryStatus.Delivered || d.Status == DeliveryStatus.Dead))
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DeliveryStatus.Acked)
                .SetProperty(d => d.AckedUnixMs, nowUnixMs)
                // An acknowledgement can overtake the bookkeeping of the publish it answers: it proves a delivery.
                .SetProperty(d => d.Attempts, d => d.Attempts == 0 ? 1 : d.Attempts)
                .SetProperty(d => d.DeliveredUnixMs, d => d.DeliveredUnixMs ?? nowUnixMs)
                .SetProperty(d => d.NextAttemptUnixMs, (long?)null)
                .SetProperty(d => d.LeaseOwner, (string?)null)
                .SetProperty(d => d.LeaseExpiresUnixMs, (long?)null)
                .SetProperty(d => d.UpdatedUnixMs, nowUnixMs), cancellationToken);

    /// <inheritdoc />
    public async Task SubscribeAsync(string consumerGroup, IReadOnlyList<string> topics, string? pushEndpoint, long nowUnixMs, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(consumerGroup);
        ArgumentNullException.ThrowIfNull(topics);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await UpsertSubscriptionsAsync(consumerGroup, topics, pushEndpoint, nowUnixMs, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another instance subscribed the same group at the same time: read again and update.
            }
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<TopicSubscription>> GetSubscriptionsAsync(CancellationToken cancellationToken)
    {
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            return await context.Subscriptions.AsNoTracking()
                .OrderBy(s => s.Topic).ThenBy(s => s.ConsumerGroup)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(DeadLetterQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.Limit);
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            var dead = context.Deliveries.AsNoTracking().Where(d => d.Status == DeliveryStatus.Dead);
            if (query.ConsumerGroup is { } group)
            {
                dead = dead.Where(d => d.ConsumerGroup == group);
            }

            if (query.DeadAtOrBeforeUnixMs is { } deadBy)
            {
                dead = dead.Where(d => d.UpdatedUnixMs <= deadBy);
            }

            if (query.BeforeMessageId is { } before)
            {
                dead = dead.Where(d => d.MessageId < before);
            }

            var messages = context.Messages.AsNoTracking();
            if (query.Topic is { } topic)
            {
                messages = messages.Where(m => m.Topic == topic);
            }

            var rows = await (
                from d in dead
                join m in messages on d.MessageId equals m.MessageId
                orderby d.MessageId descending, d.ConsumerGroup
                select new DeadLetter(d.MessageId, m.Topic, m.Key, d.ConsumerGroup, d.Attempts, d.UpdatedUnixMs, d.LastError))
                .Take(query.Limit + 1)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            return WholeMessagesPage(rows, query.Limit);
        }
    }

    /// <summary>
    /// The first <paramref name="limit"/> rows, less the last message's rows when that message continues past the page
    /// (so a cursor on the last message id skips none of its groups), unless that message fills the whole page.
    /// </summary>
    private static List<DeadLetter> WholeMessagesPage(List<DeadLetter> rows, int limit)
    {
        if (rows.Count <= limit)
        {
            return rows;
        }

        var split = rows[limit].MessageId;
        var page = rows.Take(limit).ToList();
        var whole = page.Where(r => r.MessageId != split).ToList();
        return whole.Count > 0 ? whole : page;
    }

    /// <inheritdoc />
    public Task<DeliveryStatus?> RequeueAsync(long messageId, string consumerGroup, long nowUnixMs, MessageEvent audit, CancellationToken cancellationToken) =>
        AdminDeliveryActionAsync(
            messageId,
            consumerGroup,
            audit,
            d => d.Status == DeliveryStatus.Dead || d.Status == DeliveryStatus.Discarded,
            (q, ct) => q.ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DeliveryStatus.Pending)
                .SetProperty(d => d.Attempts, 0)
                .SetProperty(d => d.NextAttemptUnixMs, nowUnixMs)
                .SetProperty(d => d.LeaseOwner, (string?)null)
                .SetProperty(d => d.LeaseExpiresUnixMs, (long?)null)
                .SetProperty(d => d.UpdatedUnixMs, nowUnixMs), ct),
            DeliveryStatus.Pending,
            cancellationToken);

    /// <inheritdoc />
    public Task<DeliveryStatus?> DiscardAsync(long messageId, string consumerGroup, long nowUnixMs, MessageEvent audit, CancellationToken cancellationToken) =>
        AdminDeliveryActionAsync(
            messageId,
            consumerGroup,
            audit,
            d => d.Status == DeliveryStatus.Dead,
            (q, ct) => q.ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DeliveryStatus.Discarded)
                .SetProperty(d => d.NextAttemptUnixMs, (long?)null)
                .SetProperty(d => d.UpdatedUnixMs, nowUnixMs), ct),
            DeliveryStatus.Discarded,
            cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredMessage>> ListParkedAsync(ParkedQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.Limit);
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            var parked = context.Messages.AsNoTracking().Where(m => m.Status == MessageStatus.Parked);
            if (query.ProducerGroup is { } group)
            {
                parked = parked.Where(m => m.ProducerGroup == group);
            }

            if (query.BeforeMessageId is { } before)
            {
                parked = parked.Where(m => m.MessageId < before);
            }

            return await parked
                .OrderByDescending(m => m.MessageId)
                .Take(query.Limit)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<MessageStatus?> ScheduleCheckNowAsync(long messageId, long nowUnixMs, MessageEvent audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var row = context.Messages.Where(m => m.MessageId == messageId);
                var updated = await row
                    .Where(m => m.Status == MessageStatus.Prepared || m.Status == MessageStatus.Parked)
                    .ExecuteUpdateAsync(
                        u => u
                            .SetProperty(m => m.Status, MessageStatus.Prepared)
                            .SetProperty(m => m.NextAttemptUnixMs, nowUnixMs)
                            .SetProperty(m => m.UpdatedUnixMs, nowUnixMs),
                        cancellationToken).ConfigureAwait(false);
                if (updated == 0)
                {
                    return await row.Select(m => (MessageStatus?)m.Status).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
                }

                context.Events.Add(Fit(audit));
                await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return MessageStatus.Prepared;
            }
        }
    }

    /// <inheritdoc />
    public async Task<StatusCounts> CountAsync(CancellationToken cancellationToken)
    {
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            var messages = await context.Messages.AsNoTracking()
                .GroupBy(m => m.Status).Select(g => new { Status = g.Key, Count = g.LongCount() })
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            var deliveries = await context.Deliveries.AsNoTracking()
                .GroupBy(d => d.Status).Select(g => new { Status = g.Key, Count = g.LongCount() })
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            var messageCounts = Enum.GetValues<MessageStatus>().ToDictionary(
                s => s.ToString(), s => messages.Where(c => c.Status == s).Sum(c => c.Count), StringComparer.Ordinal);
            var deliveryCounts = Enum.GetValues<DeliveryStatus>().ToDictionary(
                s => s.ToString(), s => deliveries.Where(c => c.Status == s).Sum(c => c.Count), StringComparer.Ordinal);
            return new StatusCounts(messageCounts, deliveryCounts, deliveryCounts[nameof(DeliveryStatus.Dead)]);
        }
    }

    /// <inheritdoc />
    public async Task AppendEventsAsync(IReadOnlyList<MessageEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return;
        }

        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            AddEvents(context, events);
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<MessageEvent>> GetEventsAsync(long messageId, CancellationToken cancellationToken)
    {
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            return await context.Events.AsNoTracking()
                .Where(e => e.MessageId == messageId)
                .OrderBy(e => e.Id)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The lease is free or expired.</summary>
    private static Expression<Func<StoredMessage, bool>> MessageLeaseAvailable(long now) => m =>
        m.LeaseOwner == null || m.LeaseExpiresUnixMs < now;

    private async Task<IReadOnlyList<StoredMessage>> ClaimMessagesAsync(
        MessageStatus status, string owner, long now, long expires, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            if (_postgreSql)
            {
                var code = (int)status;
                return await context.Messages.FromSql($"""
                    WITH picked AS (
                        SELECT message_id FROM rm_messages
                        WHERE status = {code} AND next_attempt_unix_ms <= {now}
                          AND (lease_owner IS NULL OR lease_expires_unix_ms < {now})
                        ORDER BY next_attempt_unix_ms
                        LIMIT {maxCount}
                        FOR UPDATE SKIP LOCKED
                    )
                    UPDATE rm_messages AS m
                    SET lease_owner = {owner}, lease_expires_unix_ms = {expires}, updated_unix_ms = {now}
                    FROM picked
                    WHERE m.message_id = picked.message_id
                    RETURNING m.*
                    """).AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
            }

            // Portable: candidates, then one conditional update each (in id order, so concurrent claimers lock rows in
            // the same order), in one local transaction; then the claimed rows.
            var candidates = await context.Messages.AsNoTracking()
                .Where(m => m.Status == status && m.NextAttemptUnixMs <= now)
                .Where(MessageLeaseAvailable(now))
                .OrderBy(m => m.NextAttemptUnixMs)
                .Select(m => m.MessageId)
                .Take(maxCount)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            if (candidates.Count == 0)
            {
                return [];
            }

            candidates.Sort();
            var claimed = new List<long>(candidates.Count);
            var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                foreach (var id in candidates)
                {
                    var updated = await context.Messages
                        .Where(m => m.MessageId == id && m.Status == status && m.NextAttemptUnixMs <= now)
                        .Where(MessageLeaseAvailable(now))
                        .ExecuteUpdateAsync(s => s
                            .SetProperty(m => m.LeaseOwner, owner)
                            .SetProperty(m => m.LeaseExpiresUnixMs, expires)
                            .SetProperty(m => m.UpdatedUnixMs, now), cancellationToken).ConfigureAwait(false);
                    if (updated == 1)
                    {
                        claimed.Add(id);
                    }
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            if (claimed.Count == 0)
            {
                return [];
            }

            return await context.Messages.AsNoTracking()
                .Where(m => claimed.Contains(m.MessageId))
                .OrderBy(m => m.NextAttemptUnixMs)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<List<MessageDelivery>> ClaimDeliveriesPortableAsync(
        MessageDbContext context, string owner, long now, long expires, int maxCount, CancellationToken cancellationToken)
    {
        var candidates = await context.Deliveries.AsNoTracking()
            .Where(d => (d.Status == DeliveryStatus.Pending || d.Status == DeliveryStatus.Delivered) && d.NextAttemptUnixMs <= now)
            .Where(d => d.LeaseOwner == null || d.LeaseExpiresUnixMs < now)
            .OrderBy(d => d.NextAttemptUnixMs)
            .Select(d => new { d.MessageId, d.ConsumerGroup })
            .Take(maxCount)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (candidates.Count == 0)
        {
            return [];
        }

        var claimed = new List<MessageDelivery>(candidates.Count);
        var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            foreach (var key in candidates.OrderBy(k => k.MessageId).ThenBy(k => k.ConsumerGroup, StringComparer.Ordinal))
            {
                var updated = await context.Deliveries
                    .Where(d => d.MessageId == key.MessageId && d.ConsumerGroup == key.ConsumerGroup
                        && (d.Status == DeliveryStatus.Pending || d.Status == DeliveryStatus.Delivered) && d.NextAttemptUnixMs <= now)
                    .Where(d => d.LeaseOwner == null || d.LeaseExpiresUnixMs < now)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(d => d.LeaseOwner, owner)
                        .SetProperty(d => d.LeaseExpiresUnixMs, expires)
                        .SetProperty(d => d.UpdatedUnixMs, now), cancellationToken).ConfigureAwait(false);
                if (updated == 1)
                {
                    claimed.Add(await context.Deliveries.AsNoTracking()
                        .FirstAsync(d => d.MessageId == key.MessageId && d.ConsumerGroup == key.ConsumerGroup, cancellationToken).ConfigureAwait(false));
                }
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        return claimed;
    }

    private async Task InsertMissingDeliveriesAsync(IReadOnlyList<DeliveryKey> keys, long now, CancellationToken cancellationToken)
    {
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            var ids = keys.Select(k => k.MessageId).Distinct().ToArray();
            var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var existing = (await context.Deliveries.AsNoTracking()
                        .Where(d => ids.Contains(d.MessageId))
                        .Select(d => new { d.MessageId, d.ConsumerGroup })
                        .ToListAsync(cancellationToken).ConfigureAwait(false))
                    .Select(d => new DeliveryKey(d.MessageId, d.ConsumerGroup))
                    .ToHashSet();
                foreach (var key in keys.Distinct())
                {
                    if (!existing.Contains(key))
                    {
                        context.Deliveries.Add(new MessageDelivery
                        {
                            MessageId = key.MessageId,
                            ConsumerGroup = key.ConsumerGroup,
                            Status = DeliveryStatus.Pending,
                            CreatedUnixMs = now,
                            UpdatedUnixMs = now,
                        });
                    }
                }

                await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task UpsertSubscriptionsAsync(string consumerGroup, IReadOnlyList<string> topics, string? pushEndpoint, long now, CancellationToken cancellationToken)
    {
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            var existing = await context.Subscriptions
                .Where(s => s.ConsumerGroup == consumerGroup)
                .ToDictionaryAsync(s => s.Topic, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
            foreach (var topic in topics.Distinct(StringComparer.Ordinal))
            {
                if (existing.TryGetValue(topic, out var row))
                {
                    row.PushEndpoint = pushEndpoint;
                    row.UpdatedUnixMs = now;
                }
                else
                {
                    context.Subscriptions.Add(new TopicSubscription
                    {
                        ConsumerGroup = consumerGroup,
                        Topic = topic,
                        PushEndpoint = pushEndpoint,
                        CreatedUnixMs = now,
                        UpdatedUnixMs = now,
                    });
                }
            }

            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<DeliveryStatus?> AdminDeliveryActionAsync(
        long messageId,
        string consumerGroup,
        MessageEvent audit,
        Expression<Func<MessageDelivery, bool>> allowedFrom,
        Func<IQueryable<MessageDelivery>, CancellationToken, Task<int>> update,
        DeliveryStatus result,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(consumerGroup);
        ArgumentNullException.ThrowIfNull(audit);
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var row = context.Deliveries.Where(d => d.MessageId == messageId && d.ConsumerGroup == consumerGroup);
                var updated = await update(row.Where(allowedFrom), cancellationToken).ConfigureAwait(false);
                if (updated == 0)
                {
                    return await row.Select(d => (DeliveryStatus?)d.Status).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
                }

                context.Events.Add(Fit(audit));
                await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return result;
            }
        }
    }

    /// <summary>
    /// Applies one delivery outcome to a row still pending or delivered (an acknowledgement that arrived meanwhile
    /// wins) and, when <paramref name="owner"/> is given, still leased by it; releases the lease.
    /// </summary>
    private static Task<int> ApplyDeliveryUpdateAsync(MessageDbContext context, DeliveryUpdate u, string? owner, long now, CancellationToken cancellationToken)
    {
        var error = Truncate(u.LastError, RequestLimits.Error);
        var rows = context.Deliveries.Where(d => d.MessageId == u.MessageId && d.ConsumerGroup == u.ConsumerGroup
            && (d.Status == DeliveryStatus.Pending || d.Status == DeliveryStatus.Delivered));
        if (owner is not null)
        {
            rows = rows.Where(d => d.LeaseOwner == owner);
        }

        return rows.ExecuteUpdateAsync(
            s =>
            {
                s.SetProperty(d => d.Status, u.Status)
                    .SetProperty(d => d.Attempts, u.Attempts)
                    .SetProperty(d => d.NextAttemptUnixMs, u.NextAttemptUnixMs)
                    .SetProperty(d => d.LastError, error)
                    .SetProperty(d => d.LeaseOwner, (string?)null)
                    .SetProperty(d => d.LeaseExpiresUnixMs, (long?)null)
                    .SetProperty(d => d.UpdatedUnixMs, now);
                if (u.DeliveredUnixMs is { } delivered)
                {
                    s.SetProperty(d => d.DeliveredUnixMs, delivered);
                }

                if (u.Status == DeliveryStatus.Acked)
                {
                    s.SetProperty(d => d.AckedUnixMs, now);
                }
            },
            cancellationToken);
    }

    private static async Task<TransitionOutcome> UnchangedAsync(MessageDbContext context, long id, CancellationToken cancellationToken)
    {
        var status = await context.Messages.Where(m => m.MessageId == id).Select(m => (MessageStatus?)m.Status)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return status is { } found ? new TransitionOutcome(true, found, Changed: false, null) : TransitionOutcome.NotFound;
    }

    private async Task<StoredMessage?> FindByProducerKeyAsync(string producerGroup, string? producerKey, CancellationToken cancellationToken)
    {
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            return await context.Messages.AsNoTracking()
                .FirstOrDefaultAsync(m => m.ProducerGroup == producerGroup && m.ProducerKey == producerKey, cancellationToken).ConfigureAwait(false);
        }
    }

    private static void AddEvents(MessageDbContext context, IReadOnlyList<MessageEvent> events)
    {
        for (var i = 0; i < events.Count; i++)
        {
            context.Events.Add(Fit(events[i]));
        }
    }

    /// <summary>Cuts free text to its column size: a write that can never succeed would stall the work forever.</summary>
    private static MessageEvent Fit(MessageEvent e)
    {
        e.Detail = Truncate(e.Detail, MessageSchema.Lengths.EventDetail);
        e.Actor = Truncate(e.Actor, MessageSchema.Lengths.Owner) ?? string.Empty;
        return e;
    }

    private static string? Truncate(string? value, int maxLength) =>
        value is not null && value.Length > maxLength ? value[..maxLength] : value;

    [LoggerMessage(EventId = 300, Level = LogLevel.Debug, Message = "Prepare replayed: producer key {ProducerKey} belongs to message {MessageId}")]
    private static partial void LogPrepareReplayed(ILogger logger, long messageId, string? producerKey);
}
