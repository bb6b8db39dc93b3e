using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Transactions.Coordinator.Domain;

namespace Transactions.Coordinator.Storage.Providers;

/// <summary>
/// The hot-path writes of <see cref="EfTransactionStore"/> on PostgreSQL, each ONE statement and so one
/// round trip, atomic without an explicit transaction (no BEGIN, no separate COMMIT): a conditional
/// <c>UPDATE ... RETURNING</c> in a data-modifying CTE, and the dependent inserts/updates in sibling CTEs
/// that only act when the update matched (<c>FROM changed</c> / <c>WHERE EXISTS (SELECT 1 FROM changed)</c>).
/// The portable path does the same in two or three statements inside a transaction.
/// </summary>
/// <remarks>
/// The SQL text is fixed (lists travel as arrays through <c>unnest</c>), so Npgsql's automatic preparation
/// applies. Row locking is PostgreSQL's usual one: a concurrent writer of the same global row waits for the
/// lock and then re-checks the <c>WHERE</c> clause against the committed row, so compare-and-set holds.
/// Column names are those of <see cref="Model.CoordinatorSchema"/>.
/// </remarks>
internal static class PostgreSqlCommands
{
    private const string InsertEventsFromArrays = """
        INSERT INTO tx_events (xid, branch_id, at_unix_ms, kind, actor, detail)
                SELECT e.xid, e.branch_id, e.at_unix_ms, e.kind, e.actor, e.detail
                FROM unnest(@e_xids, @e_branch_ids, @e_ats, @e_kinds, @e_actors, @e_details)
                    WITH ORDINALITY AS e(xid, branch_id, at_unix_ms, kind, actor, detail, n)
        """;

    private const int Active = (int)GlobalStatus.Active;
    private const int Committing = (int)GlobalStatus.Committing;
    private const int RollingBack = (int)GlobalStatus.RollingBack;

    private static readonly string RegisterBranchSql = $"""
        WITH counted AS (
            UPDATE tx_global_transactions
            SET branch_count = branch_count + 1, updated_unix_ms = @now
            WHERE xid = @xid AND status = {Active}
            RETURNING branch_count
        ), branch AS (
            INSERT INTO tx_branches (branch_id, xid, ordinal, resource_id, action_name, branch_type, endpoint, protocol,
                action_context, status, attempts, last_error, next_retry_unix_ms, created_unix_ms, updated_unix_ms)
            SELECT @branch_id, @xid, branch_count, @resource_id, @action_name, @branch_type, @endpoint, @protocol,
                @action_context, @status, @attempts, @last_error, @next_retry_unix_ms, @created_unix_ms, @updated_unix_ms
            FROM counted
        ), event AS (
            INSERT INTO tx_events (xid, branch_id, at_unix_ms, kind, actor, detail)
            SELECT @xid, @e_branch_id, @e_at_unix_ms, @e_kind, @e_actor, @e_detail
            FROM counted
        )
        SELECT branch_count AS "Value" FROM counted
        """;

    private static readonly string TryTransitionSql = $"""
        WITH changed AS (
            UPDATE tx_global_transactions
            SET status = @to, updated_unix_ms = @now,
                lease_owner = @lease_owner, lease_expires_unix_ms = @lease_expires_unix_ms,
                rollback_reason = COALESCE(@rollback_reason, rollback_reason),
                next_attempt_unix_ms = COALESCE(@next_attempt_unix_ms, next_attempt_unix_ms,
                    CASE WHEN @to IN ({Committing}, {RollingBack}) THEN @now END),
                completed_unix_ms = CASE WHEN @terminal THEN @now ELSE completed_unix_ms END
            WHERE xid = @xid AND status = @from
            RETURNING xid
        ), events AS (
            {InsertEventsFromArrays}
            WHERE EXISTS (SELECT 1 FROM changed)
            ORDER BY e.n
        )
        SELECT count(*)::int AS "Value" FROM changed
        """;

    private static readonly string SavePhaseTwoRoundSql = $"""
        WITH saved AS (
            UPDATE tx_global_transactions
            SET phase2_attempts = @phase2_attempts, last_error = @last_error, needs_attention = @needs_attention,
                updated_unix_ms = @now, lease_owner = NULL, lease_expires_unix_ms = NULL,
                status = COALESCE(@complete_as, status),
                completed_unix_ms = CASE WHEN @complete_as IS NULL THEN completed_unix_ms ELSE @now END,
                next_attempt_unix_ms = CASE WHEN @complete_as IS NULL THEN COALESCE(@next_attempt_unix_ms, @now) ELSE NULL END
            WHERE xid = @xid AND status = @status AND lease_owner = @owner
            RETURNING xid
        ), branches AS (
            UPDATE tx_branches AS b
            SET status = o.status, attempts = o.attempts, last_error = o.last_error,
                next_retry_unix_ms = o.next_retry_unix_ms, updated_unix_ms = @now
            FROM unnest(@b_ids, @b_statuses, @b_attempts, @b_errors, @b_next_retries)
                AS o(branch_id, status, attempts, last_error, next_retry_unix_ms)
            WHERE b.branch_id = o.branch_id AND b.xid = @xid AND EXISTS (SELECT 1 FROM saved)
        ), events AS (
            {InsertEventsFromArrays}
            WHERE EXISTS (SELECT 1 FROM saved)
            ORDER BY e.n
        )
        SELECT count(*)::int AS "Value" FROM saved
        """;

    private static readonly string ClaimDueSql = $"""
        WITH phase_two AS (
            SELECT xid, next_attempt_unix_ms AS due_at FROM tx_global_transactions
            WHERE status IN ({Committing}, {RollingBack})
              AND next_attempt_unix_ms <= @now
              AND (lease_owner IS NULL OR lease_expires_unix_ms < @now OR lease_owner = @owner)
            ORDER BY next_attempt_unix_ms
            LIMIT @max_count
            FOR UPDATE SKIP LOCKED
        ), expired AS (
            SELECT xid, deadline_unix_ms AS due_at FROM tx_global_transactions
            WHERE status = {Active} AND deadline_unix_ms < @now
              AND (lease_owner IS NULL OR lease_expires_unix_ms < @now OR lease_owner = @owner)
            ORDER BY deadline_unix_ms
            LIMIT @max_count
            FOR UPDATE SKIP LOCKED
        ), picked AS (
            SELECT xid FROM (SELECT xid, due_at FROM phase_two UNION ALL SELECT xid, due_at FROM expired) AS due
            ORDER BY due_at
            LIMIT @max_count
        )
        UPDATE tx_global_transactions AS g
        SET lease_owner = @owner, lease_expires_unix_ms = @expires, updated_unix_ms = @now
        FROM picked
        WHERE g.xid = picked.xid
        RETURNING g.xid AS "Value"
        """;

    private static readonly string AppendEventsSql = $"""
        {InsertEventsFromArrays}
        ORDER BY e.n
        """;

    /// <summary>Register: increment (only while Active), insert the branch with the new ordinal and its event. Returns the ordinal, or null.</summary>
    public static async Task<int?> RegisterBranchAsync(CoordinatorDbContext context, BranchTransaction b, TransactionEvent e, CancellationToken cancellationToken)
    {
        var ordinals = await context.Database.SqlQueryRaw<int>(
            RegisterBranchSql,
            Parameter("now", e.AtUnixMs),
            Parameter("xid", b.Xid),
            Parameter("branch_id", b.BranchId),
            Parameter("resource_id", b.ResourceId),
            Parameter("action_name", b.ActionName),
            Parameter("branch_type", (int)b.BranchType),
            Parameter("endpoint", b.Endpoint),
            Parameter("protocol", (int)b.Protocol),
            Parameter("action_context", b.ActionContext),
            Parameter("status", (int)b.Status),
            Parameter("attempts", b.Attempts),
            Parameter("last_error", b.LastError),
            Parameter("next_retry_unix_ms", b.NextRetryUnixMs),
            Parameter("created_unix_ms", b.CreatedUnixMs),
            Parameter("updated_unix_ms", b.UpdatedUnixMs),
            Parameter("e_branch_id", e.BranchId),
            Parameter("e_at_unix_ms", e.AtUnixMs),
            Parameter("e_kind", e.Kind),
            Parameter("e_actor", e.Actor),
            Parameter("e_detail", e.Detail))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return ordinals.Count == 0 ? null : ordinals[0];
    }

    /// <summary>Compare-and-set of the global status plus its events. Returns true when this call made the change.</summary>
    public static async Task<bool> TryTransitionAsync(
        CoordinatorDbContext context, GlobalTransition t, string? rollbackReason, IReadOnlyList<TransactionEvent> events, CancellationToken cancellationToken)
    {
        var parameters = new List<NpgsqlParameter>
        {
            Parameter("xid", t.Xid),
            Parameter("from", (int)t.From),
            Parameter("to", (int)t.To),
            Parameter("now", t.NowUnixMs),
            Parameter("lease_owner", t.LeaseOwner),
            Parameter("lease_expires_unix_ms", t.LeaseOwner is null ? null : t.LeaseExpiresUnixMs),
            Parameter("rollback_reason", rollbackReason),
            Parameter("next_attempt_unix_ms", t.NextAttemptUnixMs),
            new NpgsqlParameter<bool>("terminal", t.To.IsTerminal()),
        };
        AddEventArrays(parameters, events);
        var changed = await context.Database.SqlQueryRaw<int>(TryTransitionSql, [.. parameters]).ToListAsync(cancellationToken).ConfigureAwait(false);
        return changed[0] == 1;
    }

    /// <summary>One phase-2 round: conditional on status and lease owner; branches, bookkeeping, lease release, events.</summary>
    public static async Task<bool> SavePhaseTwoRoundAsync(
        CoordinatorDbContext context, PhaseTwoRound round, string? lastError, CancellationToken cancellationToken)
    {
        var parameters = new List<NpgsqlParameter>
        {
            Parameter("xid", round.Xid),
            Parameter("status", (int)round.Status),
            Parameter("owner", round.Owner),
            Parameter("now", round.NowUnixMs),
            Parameter("phase2_attempts", round.Phase2Attempts),
            Parameter("last_error", lastError),
            new NpgsqlParameter<bool>("needs_attention", round.NeedsAttention),
            Parameter("complete_as", (int?)round.CompleteAs),
            Parameter("next_attempt_unix_ms", round.NextAttemptUnixMs),
            Array("b_ids", NpgsqlDbType.Bigint, round.Branches.Select(o => o.BranchId).ToArray()),
            Array("b_statuses", NpgsqlDbType.Integer, round.Branches.Select(o => (int)o.Status).ToArray()),
            Array("b_attempts", NpgsqlDbType.Integer, round.Branches.Select(o => o.Attempts).ToArray()),
            Array("b_errors", NpgsqlDbType.Text, round.Branches.Select(o => StoredText.Error(o.LastError)).ToArray()),
            Array("b_next_retries", NpgsqlDbType.Bigint, round.Branches.Select(o => o.NextRetryUnixMs).ToArray()),
        };
        AddEventArrays(parameters, round.Events);
        var saved = await context.Database.SqlQueryRaw<int>(SavePhaseTwoRoundSql, [.. parameters]).ToListAsync(cancellationToken).ConfigureAwait(false);
        return saved[0] == 1;
    }

    /// <summary>
    /// Claim in one statement: each kind of due work is read through its index with <c>FOR UPDATE SKIP LOCKED</c>
    /// (rows another instance is claiming right now are skipped instead of waited for; locked rows are
    /// re-checked against their latest version), the earliest due are kept, and their lease is set.
    /// </summary>
    /// <remarks>
    /// A phase-2 row always has a next attempt time (the store writes "now" where none is given), so the
    /// plain range condition suffices and stays an index condition in generic (prepared) plans.
    /// </remarks>
    public static async Task<List<long>> ClaimDueAsync(
        CoordinatorDbContext context, string owner, long now, long expires, int maxCount, CancellationToken cancellationToken)
    {
        return await context.Database.SqlQueryRaw<long>(
            ClaimDueSql,
            Parameter("owner", owner),
            Parameter("now", now),
            Parameter("expires", expires),
            Parameter("max_count", maxCount))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Appends events in one statement (the portable path batches inserts in a transaction).</summary>
    public static async Task AppendEventsAsync(CoordinatorDbContext context, IReadOnlyList<TransactionEvent> events, CancellationToken cancellationToken)
    {
        var parameters = new List<NpgsqlParameter>();
        AddEventArrays(parameters, events);
        await context.Database.ExecuteSqlRawAsync(AppendEventsSql, [.. parameters], cancellationToken).ConfigureAwait(false);
    }

    private static void AddEventArrays(List<NpgsqlParameter> parameters, IReadOnlyList<TransactionEvent> events)
    {
        var count = events.Count;
        var xids = new long[count];
        var branchIds = new long?[count];
        var ats = new long[count];
        var kinds = new string[count];
        var actors = new string[count];
        var details = new string?[count];
        for (var i = 0; i < count; i++)
        {
            var e = events[i];
            xids[i] = e.Xid;
            branchIds[i] = e.BranchId;
            ats[i] = e.AtUnixMs;
            kinds[i] = e.Kind;
            actors[i] = e.Actor;
            details[i] = e.Detail;
        }

        parameters.Add(Array("e_xids", NpgsqlDbType.Bigint, xids));
        parameters.Add(Array("e_branch_ids", NpgsqlDbType.Bigint, branchIds));
        parameters.Add(Array("e_ats", NpgsqlDbType.Bigint, ats));
        parameters.Add(Array("e_kinds", NpgsqlDbType.Text, kinds));
        parameters.Add(Array("e_actors", NpgsqlDbType.Text, actors));
        parameters.Add(Array("e_details", NpgsqlDbType.Text, details));
    }

    private static NpgsqlParameter Parameter(string name, long value) => new NpgsqlParameter<long>(name, value);

    private static NpgsqlParameter Parameter(string name, int value) => new NpgsqlParameter<int>(name, value);

    private static NpgsqlParameter Parameter(string name, long? value) =>
        new(name, NpgsqlDbType.Bigint) { Value = value is { } v ? v : DBNull.Value };

    private static NpgsqlParameter Parameter(string name, int? value) =>
        new(name, NpgsqlDbType.Integer) { Value = value is { } v ? v : DBNull.Value };

    private static NpgsqlParameter Parameter(string name, string? value) =>
        new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };

    private static NpgsqlParameter Array(string name, NpgsqlDbType elementType, object values) =>
        new(name, NpgsqlDbType.Array | elementType) { Value = values };
}
