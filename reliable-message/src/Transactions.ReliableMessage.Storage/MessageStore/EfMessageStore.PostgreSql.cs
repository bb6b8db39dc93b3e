using Microsoft.EntityFrameworkCore;
using Npgsql;
using Transactions.ReliableMessage.Domain;
using Transactions.ReliableMessage.Engine;

namespace Transactions.ReliableMessage.Storage;

/// <summary>
/// PostgreSQL writes of the publish and acknowledgement paths as one <see cref="NpgsqlBatch"/> each: one round trip,
/// one implicit transaction (all statements commit or none), no EF query pipeline. Profiling the service under the
/// benchmark's load put EF's per-call query handling and the explicit transaction's extra round trips (BEGIN, each
/// statement, COMMIT) at the top of these paths. The statements and their order are those the EF path ran on
/// PostgreSQL before, including the ordered row locks that keep a publish completion and an acknowledgement batch
/// from deadlocking. Each batch gets the context's command timeout (<c>Storage:CommandTimeoutSeconds</c>): a batch
/// made on the connection would otherwise take the connection string's (30 s by default).
/// </summary>
public sealed partial class EfMessageStore
{
    private const int Published = (int)MessageStatus.Published;
    private const int Acked = (int)DeliveryStatus.Acked;
    private const int Dead = (int)DeliveryStatus.Dead;

    private static readonly string CompletePublishedMessagesSql = $"""
        UPDATE rm_messages SET status = {Published}, completed_unix_ms = $2, updated_unix_ms = $2, next_attempt_unix_ms = NULL,
            last_error = NULL, lease_owner = NULL, lease_expires_unix_ms = NULL
        WHERE message_id = ANY($1) AND status = {Committed}
        """;

    private const string LockDeliveriesSql =
        "SELECT 1 FROM rm_deliveries WHERE message_id = ANY($1) ORDER BY message_id, consumer_group FOR UPDATE";

    private static readonly string MarkFirstDeliveriesSql = $"""
        UPDATE rm_deliveries SET status = {Delivered}, attempts = 1, delivered_unix_ms = $2, next_attempt_unix_ms = $3, updated_unix_ms = $2
        WHERE message_id = ANY($1) AND status = {Pending} AND next_attempt_unix_ms IS NULL AND attempts = 0
        """;

    private static readonly string ApplyDeliveryUpdatesSql = $"""
        UPDATE rm_deliveries AS d
        SET status = u.status, attempts = u.attempts, next_attempt_unix_ms = u.next_attempt, last_error = u.last_error,
            lease_owner = NULL, lease_expires_unix_ms = NULL, updated_unix_ms = $8,
            delivered_unix_ms = COALESCE(u.delivered, d.delivered_unix_ms),
            acked_unix_ms = CASE WHEN u.status = {Acked} THEN $8 ELSE d.acked_unix_ms END
        FROM unnest($1::bigint[], $2::text[], $3::int[], $4::int[], $5::bigint[], $6::bigint[], $7::text[])
            AS u(message_id, consumer_group, status, attempts, next_attempt, delivered, last_error)
        WHERE d.message_id = u.message_id AND d.consumer_group = u.consumer_group AND d.status IN ({Pending}, {Delivered})
        """;

    private const string LockGroupDeliveriesSql =
        "SELECT 1 FROM rm_deliveries WHERE consumer_group = $1 AND message_id = ANY($2) ORDER BY message_id FOR UPDATE";

    private static readonly string AckDeliveriesSql = $"""
        UPDATE rm_deliveries
        SET status = {Acked}, acked_unix_ms = $3, attempts = CASE WHEN attempts = 0 THEN 1 ELSE attempts END,
            delivered_unix_ms = COALESCE(delivered_unix_ms, $3), next_attempt_unix_ms = NULL, lease_owner = NULL,
            lease_expires_unix_ms = NULL, updated_unix_ms = $3
        WHERE consumer_group = $1 AND message_id = ANY($2) AND status IN ({Pending}, {Delivered}, {Dead})
        """;

    /// <summary>PostgreSQL <see cref="CompletePublishAsync"/>: the messages published and their rows delivered, in one batch.</summary>
    private async Task CompletePublishPostgreSqlAsync(PublishCompletion completion, CancellationToken cancellationToken)
    {
        var ids = completion.MessageIds.ToArray();
        var now = completion.NowUnixMs;
        var updates = completion.Deliveries;
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            await context.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var batch = NewBatch(context);
            if (ids.Length > 0)
            {
                batch.BatchCommands.Add(Command(CompletePublishedMessagesSql, ids, now));
            }

            var locked = ids.Concat(updates.Select(u => u.MessageId)).ToArray();
            if (locked.Length > 0)
            {
                batch.BatchCommands.Add(Command(LockDeliveriesSql, locked));
            }

            if (ids.Length > 0 && completion.AckDeadlineUnixMs is { } deadline)
            {
                batch.BatchCommands.Add(Command(MarkFirstDeliveriesSql, ids, now, deadline));
            }

            if (updates.Count > 0)
            {
                batch.BatchCommands.Add(Command(
                    ApplyDeliveryUpdatesSql,
                    updates.Select(u => u.MessageId).ToArray(),
                    updates.Select(u => u.ConsumerGroup).ToArray(),
                    updates.Select(u => (int)u.Status).ToArray(),
                    updates.Select(u => u.Attempts).ToArray(),
                    updates.Select(u => u.NextAttemptUnixMs).ToArray(),
                    updates.Select(u => u.DeliveredUnixMs).ToArray(),
                    updates.Select(u => Truncate(u.LastError, RequestLimits.Error)).ToArray(),
                    now));
            }

            if (batch.BatchCommands.Count > 0)
            {
                await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>PostgreSQL <see cref="AckAsync"/>: the group's rows locked in order and acknowledged, in one batch.</summary>
    private async Task<int> AckPostgreSqlAsync(string consumerGroup, long[] ids, long nowUnixMs, CancellationToken cancellationToken)
    {
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            await context.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var batch = NewBatch(context);
            batch.BatchCommands.Add(Command(LockGroupDeliveriesSql, consumerGroup, ids));
            batch.BatchCommands.Add(Command(AckDeliveriesSql, consumerGroup, ids, nowUnixMs));
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return batch.BatchCommands[1].RecordsAffected;
        }
    }

    /// <summary>A batch on the context's (open) connection, with the context's command timeout.</summary>
    private static NpgsqlBatch NewBatch(MessageDbContext context)
    {
        var batch = new NpgsqlBatch((NpgsqlConnection)context.Database.GetDbConnection());
        if (context.Database.GetCommandTimeout() is { } timeout)
        {
            batch.Timeout = timeout;
        }

        return batch;
    }

    private static NpgsqlBatchCommand Command(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }
}
