using System.Runtime.ExceptionServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Transactions.ReliableMessage.Domain;
using Transactions.ReliableMessage.Engine;

namespace Transactions.ReliableMessage.Storage;

public sealed partial class EfMessageStore
{
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

    [LoggerMessage(EventId = 300, Level = LogLevel.Debug, Message = "Prepare replayed: producer key {ProducerKey} belongs to message {MessageId}")]
    private static partial void LogPrepareReplayed(ILogger logger, long messageId, string? producerKey);
}
