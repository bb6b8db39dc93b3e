using System.Linq.Expressions;
using System.Runtime.ExceptionServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transactions.Coordinator.Domain;
using Transactions.Coordinator.Storage.Model;
using Transactions.Coordinator.Storage.Providers;

namespace Transactions.Coordinator.Storage;

/// <summary>
/// <see cref="ITransactionStore"/> on EF Core (SQLite, PostgreSQL, SQL Server). Every call uses its own
/// short-lived pooled context; reads are not tracked; state changes are conditional updates whose
/// affected-row count decides, and every multi-statement change runs in one local transaction.
/// </summary>
/// <remarks>
/// <para>
/// Portable path (SQLite, SQL Server): <c>ExecuteUpdate</c> compare-and-set first (it locks the global row
/// on SQL Server, the whole database on SQLite, until commit), then the dependent rows through
/// <c>SaveChanges</c> (one batch), in an explicit transaction.
/// </para>
/// <para>
/// PostgreSQL: the hot writes (register, transition, phase-2 round, claim, append) are each a single
/// statement, see <see cref="PostgreSqlCommands"/>, and Begin is one batch without BEGIN/COMMIT (Npgsql runs
/// a batch in one implicit transaction): one round trip per call instead of three.
/// </para>
/// Both paths run the same compliance suite (tests/Transactions.Storage.Compliance.Tests).
/// </remarks>
public sealed partial class EfTransactionStore : ITransactionStore, IAsyncDisposable, IDisposable
{
    private readonly IDbContextFactory<CoordinatorDbContext> _contexts;
    private readonly ILogger<EfTransactionStore> _logger;
    private readonly bool _postgreSql;
    private readonly IPostgreSqlStatementRunner _statements;
    private readonly WriteGate _writes;

    /// <summary>Creates the store.</summary>
    /// <param name="contextFactory">Factory of contexts configured with <c>UseCoordinatorStorage</c>.</param>
    /// <param name="options">The storage options (group commit on PostgreSQL).</param>
    /// <param name="logger">Logger.</param>
    public EfTransactionStore(IDbContextFactory<CoordinatorDbContext> contextFactory, IOptions<CoordinatorStorageOptions> options, ILogger<EfTransactionStore> logger)
    {
        ArgumentNullException.ThrowIfNull(contextFactory);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _contexts = contextFactory;
        _logger = logger;
        using var context = contextFactory.CreateDbContext();
        _postgreSql = context.Database.IsNpgsql();
        _writes = context.Database.IsSqlite() ? WriteGate.Single() : WriteGate.None;
        var settings = options.Value;
        _statements = _postgreSql && settings.GroupCommit
            ? new PostgreSqlGroupCommit(contextFactory, settings.GroupCommitMaxStatements, settings.GroupCommitConnections, logger)
            : new PostgreSqlDirectRunner(contextFactory);
    }

    /// <summary>Sends the statements still queued for group commit, then stops.</summary>
    public ValueTask DisposeAsync() => _statements is IAsyncDisposable disposable ? disposable.DisposeAsync() : ValueTask.CompletedTask;

    /// <summary>As <see cref="DisposeAsync"/>, blocking (for containers disposed synchronously).</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <inheritdoc />
    public Task<BeginOutcome> BeginAsync(GlobalTransaction transaction, TransactionEvent begun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(begun);
        return _postgreSql
            ? BeginOnPostgreSqlAsync(transaction, StoredText.Fit(begun), cancellationToken)
            : InsertIdempotentAsync(transaction, context => context.Events.Add(StoredText.Fit(begun)), cancellationToken);
    }

    /// <summary>PostgreSQL: one statement (<see cref="PostgreSqlCommands.BeginAsync"/>); a duplicate key answers the existing transaction.</summary>
    private async Task<BeginOutcome> BeginOnPostgreSqlAsync(GlobalTransaction transaction, TransactionEvent begun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        Npgsql.PostgresException failure;
        try
        {
            await PostgreSqlCommands.BeginAsync(_statements, transaction, ApplicationKey(transaction.ApplicationId), begun, cancellationToken).ConfigureAwait(false);
            return new BeginOutcome(transaction, Created: true);
        }
        catch (Npgsql.PostgresException ex) when (transaction.IdempotencyKey is not null && ex.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation)
        {
            // Most likely the idempotency key's unique index: a retried call. Checked below.
            failure = ex;
        }

        return await ExistingOrThrowAsync(transaction, failure, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>After a failed insert of a transaction with an idempotency key: the transaction holding that key, or the failure.</summary>
    private async Task<BeginOutcome> ExistingOrThrowAsync(GlobalTransaction transaction, Exception failure, CancellationToken cancellationToken)
    {
        var existing = await FindByIdempotencyKeyAsync(transaction.ApplicationId, transaction.IdempotencyKey, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            // Not a duplicate key after all: report the original failure.
            ExceptionDispatchInfo.Throw(failure);
        }

        LogBeginReplayed(_logger, existing.Xid, transaction.IdempotencyKey);
        return new BeginOutcome(existing, Created: false);
    }

    /// <summary>
    /// Inserts a new global transaction and its dependent rows (added by <paramref name="addDependents"/>) in one
    /// local transaction; when its (application, idempotency key) exists, returns the existing one instead.
    /// </summary>
    private async Task<BeginOutcome> InsertIdempotentAsync(GlobalTransaction transaction, Action<CoordinatorDbContext> addDependents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        DbUpdateException failure;
        using (await _writes.EnterAsync(cancellationToken).ConfigureAwait(false))
        {
            var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            await using (context.ConfigureAwait(false))
            {
                if (_postgreSql)
                {
                    // Every insert goes in one batch, which Npgsql runs as one implicit transaction.
                    context.Database.AutoTransactionBehavior = AutoTransactionBehavior.Never;
                }

                context.GlobalTransactions.Add(transaction);
                context.Entry(transaction).Property(GlobalTransactionConfiguration.ApplicationKeyProperty).CurrentValue = ApplicationKey(transaction.ApplicationId);
                addDependents(context);
                try
                {
                    await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                    return new BeginOutcome(transaction, Created: true);
                }
                catch (DbUpdateException ex) when (transaction.IdempotencyKey is not null)
                {
                    // Most likely the idempotency key's unique index: a retried call. Checked below.
                    failure = ex;
                }
            }
        }

        return await ExistingOrThrowAsync(transaction, failure, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<GlobalTransaction?> FindAsync(long xid, CancellationToken cancellationToken)
    {
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            return await context.GlobalTransactions.AsNoTracking()
                .FirstOrDefaultAsync(g => g.Xid == xid, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<TransactionSnapshot?> LoadAsync(long xid, CancellationToken cancellationToken)
    {
        if (_postgreSql)
        {
            return await PostgreSqlCommands.LoadAsync(_statements, xid, cancellationToken).ConfigureAwait(false);
        }

        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            // One round trip: the global row LEFT JOINed to its branches (a transaction has a handful).
            var rows = await (
                from g in context.GlobalTransactions.AsNoTracking()
                where g.Xid == xid
                from b in context.Branches.AsNoTracking().Where(b => b.Xid == g.Xid).DefaultIfEmpty()
                select new { Global = g, Branch = b })
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            if (rows.Count == 0)
            {
                return null;
            }

            var branches = new List<BranchTransaction>(rows.Count);
            foreach (var row in rows)
            {
                if (row.Branch is not null)
                {
                    branches.Add(row.Branch);
                }
            }

            branches.Sort(static (x, y) => x.Ordinal.CompareTo(y.Ordinal));
            return new TransactionSnapshot(rows[0].Global, branches);
        }
    }

    /// <inheritdoc />
    public async Task<RegisterBranchOutcome> RegisterBranchAsync(BranchTransaction branch, TransactionEvent registered, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(branch);
        ArgumentNullException.ThrowIfNull(registered);
        StoredText.Fit(registered);
        if (_postgreSql)
        {
            if (await RegisterOnPostgreSqlAsync(branch, registered, cancellationToken).ConfigureAwait(false) is not { } row)
            {
                return await NotRegisteredAsync(branch.Xid, cancellationToken).ConfigureAwait(false);
            }

            return row.Replayed
                ? new RegisterBranchOutcome(Found: true, row.Status, Registered: true) { BranchId = row.BranchId, Replayed = true }
                : Registered(branch, row.Ordinal);
        }

        try
        {
            return await RegisterPortableAsync(branch, registered, cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException) when (branch.IdempotencyKey is not null)
        {
            // A concurrent registration with the same key won the unique index: answer its branch.
            return await ExistingBranchAsync(branch, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Registering a branch of xid {branch.Xid} failed, and no branch holds its idempotency key.");
        }
    }

    /// <summary>PostgreSQL: one statement; a lost race on the same idempotency key (unique violation) runs it again, which then finds the winner.</summary>
    private async Task<(int Ordinal, long BranchId, bool Replayed, GlobalStatus Status)?> RegisterOnPostgreSqlAsync(BranchTransaction branch, TransactionEvent registered, CancellationToken cancellationToken)
    {
        try
        {
            return await PostgreSqlCommands.RegisterBranchAsync(_statements, branch, registered, cancellationToken).ConfigureAwait(false);
        }
        catch (Npgsql.PostgresException ex) when (branch.IdempotencyKey is not null && ex.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation)
        {
            return await PostgreSqlCommands.RegisterBranchAsync(_statements, branch, registered, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The outcome of a branch written now, with the ordinal it was given.</summary>
    private static RegisterBranchOutcome Registered(BranchTransaction branch, int ordinal)
    {
        branch.Ordinal = ordinal;
        return new RegisterBranchOutcome(Found: true, GlobalStatus.Active, Registered: true) { BranchId = branch.BranchId };
    }

    /// <summary>The branch an earlier registration with <paramref name="branch"/>'s idempotency key wrote, as a replayed outcome; or null.</summary>
    private async Task<RegisterBranchOutcome?> ExistingBranchAsync(BranchTransaction branch, CancellationToken cancellationToken)
    {
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            return await ExistingBranchAsync(context, branch, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<RegisterBranchOutcome?> ExistingBranchAsync(CoordinatorDbContext context, BranchTransaction branch, CancellationToken cancellationToken)
    {
        var existing = await (
            from b in context.Branches.AsNoTracking()
            where b.Xid == branch.Xid && b.IdempotencyKey == branch.IdempotencyKey
            join g in context.GlobalTransactions.AsNoTracking() on b.Xid equals g.Xid
            select new { b.BranchId, g.Status })
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return existing is null
            ? null
            : new RegisterBranchOutcome(Found: true, existing.Status, Registered: true) { BranchId = existing.BranchId, Replayed = true };
    }

    /// <summary>Why a registration wrote nothing: no such transaction, or it is not Active.</summary>
    private async Task<RegisterBranchOutcome> NotRegisteredAsync(long xid, CancellationToken cancellationToken)
    {
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            var status = await context.GlobalTransactions.AsNoTracking().Where(g => g.Xid == xid).Select(g => (GlobalStatus?)g.Status)
                .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            return status is { } found
                ? new RegisterBranchOutcome(Found: true, found, Registered: false)
                : new RegisterBranchOutcome(Found: false, default, Registered: false);
        }
    }

    /// <summary>
    /// SQLite, SQL Server: in one local transaction, an earlier branch with the same key is answered as it is;
    /// otherwise the increment (conditional on Active), then the branch and its event.
    /// </summary>
    private async Task<RegisterBranchOutcome> RegisterPortableAsync(BranchTransaction branch, TransactionEvent registered, CancellationToken cancellationToken)
    {
        using (await _writes.EnterAsync(cancellationToken).ConfigureAwait(false))
        {
            var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            await using (context.ConfigureAwait(false))
            {
                var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    if (branch.IdempotencyKey is not null && await ExistingBranchAsync(context, branch, cancellationToken).ConfigureAwait(false) is { } earlier)
                    {
                        return earlier;
                    }

                    // The increment comes first and is conditional on Active: it locks the global row
                    // (SQL Server) or the database (SQLite) until commit, so a commit or rollback decision
                    // either happened before (and we see it) or waits for this branch.
                    var xid = branch.Xid;
                    var now = registered.AtUnixMs;
                    var updated = await context.GlobalTransactions
                        .Where(g => g.Xid == xid && g.Status == GlobalStatus.Active)
                        .ExecuteUpdateAsync(
                            s => s.SetProperty(g => g.BranchCount, g => g.BranchCount + 1).SetProperty(g => g.UpdatedUnixMs, now),
                            cancellationToken).ConfigureAwait(false);
                    if (updated == 1)
                    {
                        branch.Ordinal = await context.GlobalTransactions.Where(g => g.Xid == xid).Select(g => g.BranchCount)
                            .FirstAsync(cancellationToken).ConfigureAwait(false);
                        context.Branches.Add(branch);
                        context.Events.Add(registered);
                        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                        return Registered(branch, branch.Ordinal);
                    }
                }
            }
        }

        return await NotRegisteredAsync(branch.Xid, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> MarkBranchPhaseOneFailedAsync(long xid, long branchId, string? error, TransactionEvent reported, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reported);
        var now = reported.AtUnixMs;
        var lastError = StoredText.Error(error);
        using var turn = await _writes.EnterAsync(cancellationToken).ConfigureAwait(false);
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var updated = await context.Branches
                    .Where(b => b.BranchId == branchId && b.Xid == xid && b.Status == BranchStatus.Registered)
                    .ExecuteUpdateAsync(
                        s => s.SetProperty(b => b.Status, BranchStatus.PhaseOneFailed)
                            .SetProperty(b => b.LastError, lastError)
                            .SetProperty(b => b.UpdatedUnixMs, now),
                        cancellationToken).ConfigureAwait(false);
                if (updated == 0
                    && !await context.Branches.AnyAsync(b => b.BranchId == branchId && b.Xid == xid, cancellationToken).ConfigureAwait(false))
                {
                    return false;
                }

                // The report is history even when the branch had already left Registered.
                context.Events.Add(StoredText.Fit(reported));
                await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
        }
    }

    /// <inheritdoc />
    public async Task<bool> TryTransitionAsync(GlobalTransition transition, IReadOnlyList<TransactionEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transition);
        ArgumentNullException.ThrowIfNull(events);
        StoredText.Fit(events);
        var reason = StoredText.Reason(transition.RollbackReason);
        if (_postgreSql)
        {
            return await PostgreSqlCommands.TryTransitionAsync(_statements, transition, reason, events, cancellationToken).ConfigureAwait(false);
        }

        using var turn = await _writes.EnterAsync(cancellationToken).ConfigureAwait(false);
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            if (events.Count == 0)
            {
                return await UpdateStatusAsync(context, transition, reason, cancellationToken).ConfigureAwait(false) == 1;
            }

            var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                if (await UpdateStatusAsync(context, transition, reason, cancellationToken).ConfigureAwait(false) == 0)
                {
                    return false;
                }

                context.Events.AddRange(events);
                await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
        }
    }

    /// <inheritdoc />
    public async Task<bool> SavePhaseTwoRoundAsync(PhaseTwoRound round, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(round);
        if (round.CompleteAs is { } final && !final.IsTerminal())
        {
            throw new ArgumentException($"CompleteAs must be a terminal status, not {final}.", nameof(round));
        }

        StoredText.Fit(round.Events);
        var lastError = StoredText.Error(round.LastError);
        if (_postgreSql)
        {
            return await PostgreSqlCommands.SavePhaseTwoRoundAsync(_statements, round, lastError, cancellationToken).ConfigureAwait(false);
        }

        using var turn = await _writes.EnterAsync(cancellationToken).ConfigureAwait(false);
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var now = round.NowUnixMs;
                var updated = await context.GlobalTransactions
                    .Where(g => g.Xid == round.Xid && g.Status == round.Status && g.LeaseOwner == round.Owner)
                    .ExecuteUpdateAsync(
                        s =>
                        {
                            s.SetProperty(g => g.Phase2Attempts, round.Phase2Attempts)
                                .SetProperty(g => g.LastError, lastError)
                                .SetProperty(g => g.NeedsAttention, round.NeedsAttention)
                                .SetProperty(g => g.UpdatedUnixMs, now)
                                .SetProperty(g => g.LeaseOwner, (string?)null)
                                .SetProperty(g => g.LeaseExpiresUnixMs, (long?)null);
                            if (round.CompleteAs is { } completeAs)
                            {
                                s.SetProperty(g => g.Status, completeAs)
                                    .SetProperty(g => g.CompletedUnixMs, now)
                                    .SetProperty(g => g.NextAttemptUnixMs, (long?)null);
                            }
                            else
                            {
                                // Unfinished phase 2 always keeps a next attempt time, so recovery finds it.
                                s.SetProperty(g => g.NextAttemptUnixMs, round.NextAttemptUnixMs ?? now);
                            }
                        },
                        cancellationToken).ConfigureAwait(false);
                if (updated == 0)
                {
                    return false;
                }

                foreach (var outcome in round.Branches)
                {
                    // A stub with only the changed columns marked: one UPDATE per branch, batched with
                    // the event inserts into one round trip by SaveChanges.
                    var entry = context.Branches.Attach(new BranchTransaction { BranchId = outcome.BranchId, Xid = round.Xid });
                    SetModified(entry.Property(b => b.Status), outcome.Status);
                    SetModified(entry.Property(b => b.Attempts), outcome.Attempts);
                    SetModified(entry.Property(b => b.LastError), StoredText.Error(outcome.LastError));
                    SetModified(entry.Property(b => b.NextRetryUnixMs), outcome.NextRetryUnixMs);
                    SetModified(entry.Property(b => b.UpdatedUnixMs), now);
                }

                context.Events.AddRange(round.Events);
                await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
        }
    }

    /// <inheritdoc />
    public async Task<bool> TryAcquireLeaseAsync(long xid, string owner, long nowUnixMs, long leaseExpiresUnixMs, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        using var turn = await _writes.EnterAsync(cancellationToken).ConfigureAwait(false);
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            var updated = await context.GlobalTransactions
                .Where(g => g.Xid == xid)
                .Where(LeaseAvailable(owner, nowUnixMs))
                .ExecuteUpdateAsync(
                    s => s.SetProperty(g => g.LeaseOwner, owner)
                        .SetProperty(g => g.LeaseExpiresUnixMs, leaseExpiresUnixMs)
                        .SetProperty(g => g.UpdatedUnixMs, nowUnixMs),
                    cancellationToken).ConfigureAwait(false);
            return updated == 1;
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<long>> ClaimDueAsync(string owner, long nowUnixMs, long leaseExpiresUnixMs, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        using var turn = await _writes.EnterAsync(cancellationToken).ConfigureAwait(false);
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            return _postgreSql
                ? await PostgreSqlCommands.ClaimDueAsync(context, owner, nowUnixMs, leaseExpiresUnixMs, maxCount, cancellationToken).ConfigureAwait(false)
                : await ClaimDuePortableAsync(context, owner, nowUnixMs, leaseExpiresUnixMs, maxCount, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<int> ReclaimOwnedAsync(string owner, long nowUnixMs, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        using var turn = await _writes.EnterAsync(cancellationToken).ConfigureAwait(false);
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            // The status filter lets the recovery and active-deadline indexes find the few unfinished rows.
            return await context.GlobalTransactions
                .Where(g => (g.Status == GlobalStatus.Active || g.Status == GlobalStatus.Committing || g.Status == GlobalStatus.RollingBack)
                    && g.LeaseOwner == owner)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(g => g.NextAttemptUnixMs, nowUnixMs).SetProperty(g => g.UpdatedUnixMs, nowUnixMs),
                    cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<TransactionEvent>> GetEventsAsync(long xid, CancellationToken cancellationToken)
    {
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            // Identity order is the order the events were written in.
            return await context.Events.AsNoTracking()
                .Where(e => e.Xid == xid)
                .OrderBy(e => e.Id)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task AppendEventsAsync(IReadOnlyList<TransactionEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return;
        }

        StoredText.Fit(events);
        if (_postgreSql)
        {
            await PostgreSqlCommands.AppendEventsAsync(_statements, events, cancellationToken).ConfigureAwait(false);
            return;
        }

        using var turn = await _writes.EnterAsync(cancellationToken).ConfigureAwait(false);
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            context.Events.AddRange(events);
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Due work: phase 2 whose next attempt is due (or unset), and Active transactions past their deadline.</summary>
    private static Expression<Func<GlobalTransaction, bool>> Due(long now) => g =>
        ((g.Status == GlobalStatus.Committing || g.Status == GlobalStatus.RollingBack)
            && (g.NextAttemptUnixMs == null || g.NextAttemptUnixMs <= now))
        || (g.Status == GlobalStatus.Active && g.DeadlineUnixMs < now);

    /// <summary>The lease is free, expired, or already held by <paramref name="owner"/>.</summary>
    private static Expression<Func<GlobalTransaction, bool>> LeaseAvailable(string owner, long now) => g =>
        g.LeaseOwner == null || g.LeaseExpiresUnixMs < now || g.LeaseOwner == owner;

    /// <summary>
    /// Portable claim: one query for candidates (earliest due first), then one conditional update per
    /// candidate in xid order (so concurrent claimers lock rows in the same order), in one local transaction.
    /// </summary>
    private static async Task<IReadOnlyList<long>> ClaimDuePortableAsync(
        CoordinatorDbContext context, string owner, long now, long expires, int maxCount, CancellationToken cancellationToken)
    {
        var candidates = await context.GlobalTransactions.AsNoTracking()
            .Where(Due(now))
            .Where(LeaseAvailable(owner, now))
            .OrderBy(g => g.Status == GlobalStatus.Active ? g.DeadlineUnixMs : g.NextAttemptUnixMs ?? 0)
            .Select(g => g.Xid)
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
            foreach (var xid in candidates)
            {
                // Re-checks everything: another instance may have claimed or finished it meanwhile.
                var updated = await context.GlobalTransactions
                    .Where(g => g.Xid == xid)
                    .Where(Due(now))
                    .Where(LeaseAvailable(owner, now))
                    .ExecuteUpdateAsync(
                        s => s.SetProperty(g => g.LeaseOwner, owner)
                            .SetProperty(g => g.LeaseExpiresUnixMs, expires)
                            .SetProperty(g => g.UpdatedUnixMs, now),
                        cancellationToken).ConfigureAwait(false);
                if (updated == 1)
                {
                    claimed.Add(xid);
                }
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        return claimed;
    }

    private static Task<int> UpdateStatusAsync(CoordinatorDbContext context, GlobalTransition t, string? reason, CancellationToken cancellationToken)
    {
        var leaseExpires = t.LeaseOwner is null ? null : t.LeaseExpiresUnixMs;
        return context.GlobalTransactions
            .Where(g => g.Xid == t.Xid && g.Status == t.From)
            .ExecuteUpdateAsync(
                s =>
                {
                    s.SetProperty(g => g.Status, t.To)
                        .SetProperty(g => g.UpdatedUnixMs, t.NowUnixMs)
                        .SetProperty(g => g.LeaseOwner, t.LeaseOwner)
                        .SetProperty(g => g.LeaseExpiresUnixMs, leaseExpires);
                    if (reason is not null)
                    {
                        s.SetProperty(g => g.RollbackReason, reason);
                    }

                    if (t.NextAttemptUnixMs is not null)
                    {
                        s.SetProperty(g => g.NextAttemptUnixMs, t.NextAttemptUnixMs);
                    }
                    else if (t.To.IsPhaseTwo())
                    {
                        // Unfinished phase 2 always keeps a next attempt time, so recovery finds it.
                        s.SetProperty(g => g.NextAttemptUnixMs, g => g.NextAttemptUnixMs ?? t.NowUnixMs);
                    }

                    if (t.To.IsTerminal())
                    {
                        s.SetProperty(g => g.CompletedUnixMs, t.NowUnixMs);
                    }
                },
                cancellationToken);
    }

    private async Task<GlobalTransaction?> FindByIdempotencyKeyAsync(string? applicationId, string? key, CancellationToken cancellationToken)
    {
        var applicationKey = ApplicationKey(applicationId);
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            return await context.GlobalTransactions.AsNoTracking()
                .Where(g => EF.Property<string>(g, GlobalTransactionConfiguration.ApplicationKeyProperty) == applicationKey && g.IdempotencyKey == key)
                .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static string ApplicationKey(string? applicationId) => applicationId ?? string.Empty;

    private static void SetModified<T>(PropertyEntry<BranchTransaction, T> property, T value)
    {
        property.CurrentValue = value;
        property.IsModified = true;
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Debug, Message = "Begin replayed: idempotency key {IdempotencyKey} belongs to transaction {Xid}")]
    private static partial void LogBeginReplayed(ILogger logger, long xid, string? idempotencyKey);
}
