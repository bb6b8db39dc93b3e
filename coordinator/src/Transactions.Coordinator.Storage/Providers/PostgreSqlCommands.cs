using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
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
        WITH existing AS (
            SELECT b.ordinal, b.branch_id, g.status FROM tx_branches AS b JOIN tx_global_transactions AS g ON g.xid = b.xid
            WHERE b.xid = @xid AND b.idempotency_key = @idempotency_key
        ), counted AS (
            UPDATE tx_global_transactions
            SET branch_count = branch_count + 1, updated_unix_ms = @now
            WHERE xid = @xid AND status = {Active} AND NOT EXISTS (SELECT 1 FROM existing)
            RETURNING branch_count
        ), branch AS (
            INSERT INTO tx_branches (branch_id, xid, ordinal, resource_id, action_name, branch_type, endpoint, protocol,
                action_context, status, attempts, last_error, next_retry_unix_ms, created_unix_ms, updated_unix_ms,
                idempotency_key)
            SELECT @branch_id, @xid, branch_count, @resource_id, @action_name, @branch_type, @endpoint, @protocol,
                @action_context, @status, @attempts, @last_error, @next_retry_unix_ms, @created_unix_ms, @updated_unix_ms,
                @idempotency_key
            FROM counted
        ), event AS (
            INSERT INTO tx_events (xid, branch_id, at_unix_ms, kind, actor, detail)
            SELECT @xid, @e_branch_id, @e_at_unix_ms, @e_kind, @e_actor, @e_detail
            FROM counted
        )
        SELECT branch_count, @branch_id, false, {Active} FROM counted
        UNION ALL
        SELECT ordinal, branch_id, true, status FROM existing
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

    // A round without repeated failures (every successful one) runs the statement without the repeats CTE, so the
    // common path costs what it did before failures were counted.
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

    private static readonly string SavePhaseTwoRoundWithRepeatsSql = WithCteBeforeEvents(SavePhaseTwoRoundSql, $"""
        ), repeated AS (
            UPDATE tx_events AS ev
            SET repeats = ev.repeats + 1, last_at_unix_ms = r.at_unix_ms
            FROM unnest(@r_branch_ids, @r_ats) AS r(branch_id, at_unix_ms)
            WHERE ev.id = (SELECT max(l.id) FROM tx_events AS l
                           WHERE l.xid = @xid AND l.branch_id = r.branch_id AND l.kind = '{TransactionEventKinds.BranchCallFailed}')
              AND EXISTS (SELECT 1 FROM saved)
        """);

    private static readonly PositionalSql RegisterBranchStatement = PositionalSql.From(RegisterBranchSql);

    private static readonly PositionalSql TryTransitionStatement = PositionalSql.From(TryTransitionSql);

    private static readonly PositionalSql SavePhaseTwoRoundStatement = PositionalSql.From(SavePhaseTwoRoundSql);

    private static readonly PositionalSql SavePhaseTwoRoundWithRepeatsStatement = PositionalSql.From(SavePhaseTwoRoundWithRepeatsSql);

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

    // Every statement sent through the group commit answers one result set: the batch reader pairs them up in order
    // (a bare INSERT answers none, and a batch holding it would come up a result set short).
    private static readonly string AppendEventsSql = $"""
        WITH inserted AS (
            {InsertEventsFromArrays}
            ORDER BY e.n
            RETURNING 1
        )
        SELECT count(*)::int AS "Value" FROM inserted
        """;

    private static readonly PositionalSql AppendEventsStatement = PositionalSql.From(AppendEventsSql);

    private const string BeginSql = """
        WITH g AS (
            INSERT INTO tx_global_transactions (xid, kind, name, application_id, application_key, idempotency_key, status,
                timeout_ms, created_unix_ms, updated_unix_ms, deadline_unix_ms, completed_unix_ms, branch_count,
                rollback_reason, phase2_attempts, next_attempt_unix_ms, last_error, needs_attention, lease_owner,
                lease_expires_unix_ms)
            VALUES (@xid, @kind, @name, @application_id, @application_key, @idempotency_key, @status,
                @timeout_ms, @created_unix_ms, @updated_unix_ms, @deadline_unix_ms, @completed_unix_ms, @branch_count,
                @rollback_reason, @phase2_attempts, @next_attempt_unix_ms, @last_error, @needs_attention, @lease_owner,
                @lease_expires_unix_ms)
            RETURNING xid
        ), event AS (
            INSERT INTO tx_events (xid, branch_id, at_unix_ms, kind, actor, detail)
            SELECT g.xid, @e_branch_id, @e_at_unix_ms, @e_kind, @e_actor, @e_detail
            FROM g
        )
        SELECT count(*)::int FROM g
        """;

    private static readonly PositionalSql BeginStatement = PositionalSql.From(BeginSql);

    /// <summary>
    /// Begin: the global row and its first event in one statement. A duplicate idempotency key raises the unique
    /// violation (23505) for the caller to resolve, exactly like the portable path's failed insert.
    /// </summary>
    public static async Task BeginAsync(IPostgreSqlStatementRunner runner, GlobalTransaction g, string applicationKey, TransactionEvent e, CancellationToken cancellationToken) =>
        await ScalarAsync(
            runner,
            g.Xid,
            BeginStatement,
            cancellationToken,
            Parameter("xid", g.Xid),
            Parameter("kind", (int)g.Kind),
            Parameter("name", g.Name),
            Parameter("application_id", g.ApplicationId),
            Parameter("application_key", applicationKey),
            Parameter("idempotency_key", g.IdempotencyKey),
            Parameter("status", (int)g.Status),
            Parameter("timeout_ms", g.TimeoutMs),
            Parameter("created_unix_ms", g.CreatedUnixMs),
            Parameter("updated_unix_ms", g.UpdatedUnixMs),
            Parameter("deadline_unix_ms", g.DeadlineUnixMs),
            Parameter("completed_unix_ms", g.CompletedUnixMs),
            Parameter("branch_count", g.BranchCount),
            Parameter("rollback_reason", g.RollbackReason),
            Parameter("phase2_attempts", g.Phase2Attempts),
            Parameter("next_attempt_unix_ms", g.NextAttemptUnixMs),
            Parameter("last_error", g.LastError),
            new NpgsqlParameter<bool>("needs_attention", g.NeedsAttention),
            Parameter("lease_owner", g.LeaseOwner),
            Parameter("lease_expires_unix_ms", g.LeaseExpiresUnixMs),
            Parameter("e_branch_id", e.BranchId),
            Parameter("e_at_unix_ms", e.AtUnixMs),
            Parameter("e_kind", e.Kind),
            Parameter("e_actor", e.Actor),
            Parameter("e_detail", e.Detail)).ConfigureAwait(false);

    private const string LoadSql = """
        SELECT g.xid, g.kind, g.name, g.application_id, g.idempotency_key, g.status, g.timeout_ms, g.created_unix_ms,
            g.updated_unix_ms, g.deadline_unix_ms, g.completed_unix_ms, g.branch_count, g.rollback_reason,
            g.phase2_attempts, g.next_attempt_unix_ms, g.last_error, g.needs_attention, g.lease_owner,
            g.lease_expires_unix_ms,
            b.branch_id, b.ordinal, b.resource_id, b.action_name, b.branch_type, b.endpoint, b.protocol,
            b.action_context, b.status, b.attempts, b.last_error, b.next_retry_unix_ms, b.created_unix_ms,
            b.updated_unix_ms, b.idempotency_key
        FROM tx_global_transactions AS g
        LEFT JOIN tx_branches AS b ON b.xid = g.xid
        WHERE g.xid = @xid
        ORDER BY b.ordinal
        """;

    private static readonly PositionalSql LoadStatement = PositionalSql.From(LoadSql);

    /// <summary>
    /// The transaction and its branches (ordered by ordinal) in one round trip, read straight from the connection:
    /// it runs on every commit, rollback and recovery round, where EF Core's query pipeline cost more than the query.
    /// </summary>
    public static Task<TransactionSnapshot?> LoadAsync(IPostgreSqlStatementRunner runner, long xid, CancellationToken cancellationToken) =>
        runner.RunAsync(
            xid,
            LoadStatement.Text,
            LoadStatement.Bind([new NpgsqlParameter<long>("xid", xid)]),
            async (reader, ct) =>
            {
                GlobalTransaction? global = null;
                var branches = new List<BranchTransaction>();
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    global ??= ReadGlobal(reader);
                    if (!reader.IsDBNull(19))
                    {
                        branches.Add(ReadBranch(reader, xid));
                    }
                }

                return global is null ? null : new TransactionSnapshot(global, branches);
            },
            cancellationToken);

    private static GlobalTransaction ReadGlobal(NpgsqlDataReader r) => new()
    {
        Xid = r.GetInt64(0),
        Kind = (TransactionKind)r.GetInt32(1),
        Name = r.GetString(2),
        ApplicationId = NullableString(r, 3),
        IdempotencyKey = NullableString(r, 4),
        Status = (GlobalStatus)r.GetInt32(5),
        TimeoutMs = r.GetInt32(6),
        CreatedUnixMs = r.GetInt64(7),
        UpdatedUnixMs = r.GetInt64(8),
        DeadlineUnixMs = r.GetInt64(9),
        CompletedUnixMs = NullableInt64(r, 10),
        BranchCount = r.GetInt32(11),
        RollbackReason = NullableString(r, 12),
        Phase2Attempts = r.GetInt32(13),
        NextAttemptUnixMs = NullableInt64(r, 14),
        LastError = NullableString(r, 15),
        NeedsAttention = r.GetBoolean(16),
        LeaseOwner = NullableString(r, 17),
        LeaseExpiresUnixMs = NullableInt64(r, 18),
    };

    private static BranchTransaction ReadBranch(NpgsqlDataReader r, long xid) => new()
    {
        BranchId = r.GetInt64(19),
        Xid = xid,
        Ordinal = r.GetInt32(20),
        ResourceId = r.GetString(21),
        ActionName = r.GetString(22),
        BranchType = (BranchType)r.GetInt32(23),
        Endpoint = r.GetString(24),
        Protocol = (ParticipantProtocol)r.GetInt32(25),
        ActionContext = NullableString(r, 26),
        Status = (BranchStatus)r.GetInt32(27),
        Attempts = r.GetInt32(28),
        LastError = NullableString(r, 29),
        NextRetryUnixMs = NullableInt64(r, 30),
        CreatedUnixMs = r.GetInt64(31),
        UpdatedUnixMs = r.GetInt64(32),
        IdempotencyKey = NullableString(r, 33),
    };

    private static string? NullableString(NpgsqlDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);

    private static long? NullableInt64(NpgsqlDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetInt64(ordinal);

    /// <summary>
    /// Register: unless a branch of the transaction has the same idempotency key, increment (only while Active) and
    /// insert the branch with the new ordinal and its event. Returns the ordinal and id of the new branch, or of the
    /// one registered earlier with that key (Replayed, with the transaction's status now), or null (not Active, or no
    /// such transaction).
    /// </summary>
    public static async Task<(int Ordinal, long BranchId, bool Replayed, GlobalStatus Status)?> RegisterBranchAsync(
        IPostgreSqlStatementRunner runner, BranchTransaction b, TransactionEvent e, CancellationToken cancellationToken)
    {
        NpgsqlParameter[] parameters =
        [
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
            Parameter("e_detail", e.Detail),
            Parameter("idempotency_key", b.IdempotencyKey),
        ];
        return await runner.RunAsync<(int, long, bool, GlobalStatus)?>(
            b.Xid,
            RegisterBranchStatement.Text,
            RegisterBranchStatement.Bind(parameters),
            static async (reader, ct) => await reader.ReadAsync(ct).ConfigureAwait(false)
                ? (reader.GetInt32(0), reader.GetInt64(1), reader.GetBoolean(2), (GlobalStatus)reader.GetInt32(3))
                : null,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Compare-and-set of the global status plus its events. Returns true when this call made the change.</summary>
    public static async Task<bool> TryTransitionAsync(
        IPostgreSqlStatementRunner runner, GlobalTransition t, string? rollbackReason, IReadOnlyList<TransactionEvent> events, CancellationToken cancellationToken)
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
        return await ScalarAsync(runner, t.Xid, TryTransitionStatement, cancellationToken, [.. parameters]).ConfigureAwait(false) is 1;
    }

    /// <summary>One phase-2 round: conditional on status and lease owner; branches, bookkeeping, lease release, events.</summary>
    public static async Task<bool> SavePhaseTwoRoundAsync(
        IPostgreSqlStatementRunner runner, PhaseTwoRound round, string? lastError, CancellationToken cancellationToken)
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
        var statement = SavePhaseTwoRoundStatement;
        if (round.RepeatedFailures.Count > 0)
        {
            parameters.Add(Array("r_branch_ids", NpgsqlDbType.Bigint, round.RepeatedFailures.Select(r => r.BranchId).ToArray()));
            parameters.Add(Array("r_ats", NpgsqlDbType.Bigint, round.RepeatedFailures.Select(r => r.AtUnixMs).ToArray()));
            statement = SavePhaseTwoRoundWithRepeatsStatement;
        }

        return await ScalarAsync(runner, round.Xid, statement, cancellationToken, [.. parameters]).ConfigureAwait(false) is 1;
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
    public static async Task AppendEventsAsync(IPostgreSqlStatementRunner runner, IReadOnlyList<TransactionEvent> events, CancellationToken cancellationToken)
    {
        var parameters = new List<NpgsqlParameter>();
        AddEventArrays(parameters, events);
        await ScalarAsync(runner, 0, AppendEventsStatement, cancellationToken, [.. parameters]).ConfigureAwait(false);
    }

    /// <summary><paramref name="sql"/> with <paramref name="cte"/> inserted before its <c>events</c> CTE.</summary>
    private static string WithCteBeforeEvents(string sql, string cte)
    {
        const string Events = "), events AS (";
        var at = sql.IndexOf(Events, StringComparison.Ordinal);
        return at < 0
            ? throw new InvalidOperationException("The statement has no events CTE.")
            : string.Concat(sql.AsSpan(0, at), cte, "\n", sql.AsSpan(at));
    }

    /// <summary>Runs one statement through <paramref name="runner"/> and answers the first column of its first row, or null.</summary>
    private static Task<object?> ScalarAsync(IPostgreSqlStatementRunner runner, long xid, PositionalSql statement, CancellationToken cancellationToken, params NpgsqlParameter[] parameters) =>
        runner.RunAsync(xid, statement.Text, statement.Bind(parameters), ReadScalarAsync, cancellationToken);

    private static async Task<object?> ReadScalarAsync(NpgsqlDataReader reader, CancellationToken cancellationToken) =>
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false) && !await reader.IsDBNullAsync(0, cancellationToken).ConfigureAwait(false)
            ? reader.GetValue(0)
            : null;

    /// <summary>
    /// Runs one statement straight on the context's connection (opened for the call when it is closed), in the
    /// context's transaction when it has one. No EF Core query pipeline: these statements are fixed SQL with
    /// NpgsqlParameters, and the pipeline (raw-SQL composition, command cache lookups, materialization) cost more CPU
    /// than the statement itself on the hot path (measured with the benchmark's CPU split: about a third of the
    /// coordinator's CPU per transaction).
    /// </summary>
    internal static async Task<T> RunAsync<T>(
        CoordinatorDbContext context, string sql, NpgsqlParameter[] parameters, Func<NpgsqlCommand, CancellationToken, Task<T>> run, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)context.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var command = new NpgsqlCommand(sql, connection);
            await using (command.ConfigureAwait(false))
            {
                command.Parameters.AddRange(parameters);
                if (context.Database.CurrentTransaction?.GetDbTransaction() is NpgsqlTransaction transaction)
                {
                    command.Transaction = transaction;
                }

                if (context.Database.GetCommandTimeout() is { } timeout)
                {
                    command.CommandTimeout = timeout;
                }

                return await run(command, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync().ConfigureAwait(false);
            }
        }
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
