using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Transactions.Participants.Fence;

/// <summary>
/// The TCC fence over a participant's DbContext (see <see cref="ITccFence{TContext}"/> for the
/// contract). Stateless and thread-safe: register it as a singleton and pass the request's context to
/// each call.
/// </summary>
/// <typeparam name="TContext">The participant's DbContext, whose model includes <c>modelBuilder.AddTccFence()</c>.</typeparam>
public sealed class TccFence<TContext> : ITccFence<TContext>
    where TContext : DbContext
{
    /// <summary>Attempts per call when a concurrent call for the same branch wins a race; each attempt re-reads the row.</summary>
    private const int MaxAttempts = 3;

    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;

    /// <summary>Creates the fence.</summary>
    /// <param name="timeProvider">Clock for the row timestamps.</param>
    /// <param name="logger">Logger.</param>
    public TccFence(TimeProvider timeProvider, ILogger<TccFence<TContext>> logger)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        this.timeProvider = timeProvider;
        this.logger = logger;
    }

    /// <inheritdoc />
    public Task<TccFenceOutcome> TryAsync(
        TContext db,
        long xid,
        long branchId,
        string actionName,
        Func<CancellationToken, Task> business,
        CancellationToken cancellationToken = default)
        => RunAsync(TccFencePhase.Try, db, xid, branchId, actionName, business, null, cancellationToken);

    /// <inheritdoc />
    public async Task<TccFenceResult> TryKeepingOutputAsync(
        TContext db,
        long xid,
        long branchId,
        string actionName,
        Func<CancellationToken, Task<string?>> business,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(business);
        var kept = new KeptOutput();
        var outcome = await RunAsync(TccFencePhase.Try, db, xid, branchId, actionName, async ct => kept.Value = await business(ct), kept, cancellationToken);
        return new TccFenceResult(outcome, kept.Value);
    }

    /// <inheritdoc />
    public Task<TccFenceOutcome> ConfirmAsync(
        TContext db,
        long xid,
        long branchId,
        string actionName,
        Func<CancellationToken, Task> business,
        CancellationToken cancellationToken = default)
        => RunAsync(TccFencePhase.Confirm, db, xid, branchId, actionName, business, null, cancellationToken);

    /// <inheritdoc />
    public Task<TccFenceOutcome> CancelAsync(
        TContext db,
        long xid,
        long branchId,
        string actionName,
        Func<CancellationToken, Task> business,
        CancellationToken cancellationToken = default)
        => RunAsync(TccFencePhase.Cancel, db, xid, branchId, actionName, business, null, cancellationToken);

    private async Task<TccFenceOutcome> RunAsync(
        TccFencePhase phase,
        TContext db,
        long xid,
        long branchId,
        string actionName,
        Func<CancellationToken, Task> business,
        KeptOutput? kept,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentException.ThrowIfNullOrWhiteSpace(actionName);
        ArgumentNullException.ThrowIfNull(business);
        if (actionName.Length > TccFenceRecord.ActionNameMaxLength)
        {
            throw new ArgumentException(
                $"The TCC action name must be at most {TccFenceRecord.ActionNameMaxLength} characters.",
                nameof(actionName));
        }

        var call = new Call(phase, db, xid, branchId, actionName, business, TccFenceSql.GetInsertSql(db), kept);
        using var scope = logger.BeginFenceScope(xid, branchId, actionName);
        if (db.Database.CurrentTransaction is not null)
        {
            // Joining the caller's transaction: execution strategies cannot retry inside it.
            return await RunOnceAsync(call, cancellationToken);
        }

        var strategy = db.Database.CreateExecutionStrategy();
        if (!strategy.RetriesOnFailure)
        {
            return await RunOnceAsync(call, cancellationToken);
        }

        // A retrying strategy (e.g. EnableRetryOnFailure) re-runs the whole call after a transient failure.
        // The failed attempt was rolled back, so entities it loaded or saved are stale in the change
        // tracker: clear it so that the business action works from the database's state again.
        var attempts = 0;
        return await strategy.ExecuteAsync(
            call,
            (context, state, ct) =>
            {
                if (++attempts > 1)
                {
                    context.ChangeTracker.Clear();
                }

                return RunOnceAsync(state, ct);
            },
            null,
            cancellationToken);
    }

    private Task<TccFenceOutcome> RunOnceAsync(Call call, CancellationToken cancellationToken) => call.Phase switch
    {
        TccFencePhase.Try => TryOnceAsync(call, cancellationToken),
        TccFencePhase.Confirm => ConfirmOnceAsync(call, cancellationToken),
        _ => CancelOnceAsync(call, cancellationToken),
    };

    private async Task<TccFenceOutcome> TryOnceAsync(Call call, CancellationToken cancellationToken)
    {
        await using var transaction = new TccFenceTransaction(call.Db.Database);
        for (var attempt = 1; ; attempt++)
        {
            if (attempt > 1 && await ReadStateAsync(call, cancellationToken) is { } existing)
            {
                if (existing is TccFenceState.Tried or TccFenceState.Committed)
                {
                    if (call.Kept is not null)
                    {
                        // A duplicate saga Execute: answer with the output of the run that took effect.
                        call.Kept.Value = await ReadOutputAsync(call, cancellationToken);
                    }

                    logger.AlreadyDone(call.Phase, call.Xid, call.BranchId, call.ActionName, existing);
                    return TccFenceOutcome.AlreadyDone;
                }

                logger.TryRefused(call.Xid, call.BranchId, call.ActionName, existing);
                throw new TccFenceTryRefusedException(call.Xid, call.BranchId, call.ActionName, existing);
            }

            await transaction.BeginAsync(cancellationToken);
            try
            {
                try
                {
                    await InsertAsync(call, TccFenceState.Tried, cancellationToken);
                }
                catch (Exception ex) when (IsWriteConflict(ex) && attempt < MaxAttempts)
                {
                    // Usually the primary key: the row exists (duplicate Try, or Cancel came first).
                    // PostgreSQL aborts the transaction on the error, so read the row after rolling back.
                    await transaction.RollbackAsync();
                    logger.Raced(call.Phase, call.Xid, call.BranchId, call.ActionName, attempt);
                    continue;
                }

                await RunBusinessAsync(call, cancellationToken);
                if (call.Kept?.Value is { } output)
                {
                    await SaveOutputAsync(call, output, cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
            }
            catch (Exception ex)
            {
                await FailAsync(transaction, call, ex);
                throw;
            }

            logger.Executed(call.Phase, call.Xid, call.BranchId, call.ActionName);
            return TccFenceOutcome.Executed;
        }
    }

    private async Task<TccFenceOutcome> ConfirmOnceAsync(Call call, CancellationToken cancellationToken)
    {
        await using var transaction = new TccFenceTransaction(call.Db.Database);
        for (var attempt = 1; ; attempt++)
        {
            TccFenceState? state;
            await transaction.BeginAsync(cancellationToken);
            try
            {
                if (await ChangeStateAsync(call, TccFenceState.Tried, TccFenceState.Committed, cancellationToken) == 1)
                {
                    await RunBusinessAsync(call, cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                    logger.Executed(call.Phase, call.Xid, call.BranchId, call.ActionName);
                    return TccFenceOutcome.Executed;
                }

                state = await ReadStateAsync(call, cancellationToken);
                await transaction.RollbackAsync();
            }
            catch (Exception ex)
            {
                await FailAsync(transaction, call, ex);
                throw;
            }

            switch (state)
            {
                case TccFenceState.Committed:
                    logger.AlreadyDone(call.Phase, call.Xid, call.BranchId, call.ActionName, TccFenceState.Committed);
                    return TccFenceOutcome.AlreadyDone;
                case TccFenceState.Tried:
                    ThrowIfOutOfAttempts(call, attempt);
                    logger.Raced(call.Phase, call.Xid, call.BranchId, call.ActionName, attempt);
                    continue;
                default:
                    throw ProtocolViolation(call, state);
            }
        }
    }

    private async Task<TccFenceOutcome> CancelOnceAsync(Call call, CancellationToken cancellationToken)
    {
        await using var transaction = new TccFenceTransaction(call.Db.Database);
        for (var attempt = 1; ; attempt++)
        {
            TccFenceState? state;
            await transaction.BeginAsync(cancellationToken);
            try
            {
                if (await ChangeStateAsync(call, TccFenceState.Tried, TccFenceState.RolledBack, cancellationToken) == 1)
                {
                    await RunBusinessAsync(call, cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                    logger.Executed(call.Phase, call.Xid, call.BranchId, call.ActionName);
                    return TccFenceOutcome.Executed;
                }

                state = await ReadStateAsync(call, cancellationToken);
                if (state is null)
                {
                    // Empty rollback: remember the Cancel so that a late Try is refused (anti-hanging).
                    try
                    {
                        await InsertAsync(call, TccFenceState.Suspended, cancellationToken);
                    }
                    catch (Exception ex) when (IsWriteConflict(ex) && attempt < MaxAttempts)
                    {
                        // A concurrent Try (or Cancel) inserted the row first: start over and follow it.
                        await transaction.RollbackAsync();
                        logger.Raced(call.Phase, call.Xid, call.BranchId, call.ActionName, attempt);
                        continue;
                    }

                    await transaction.CommitAsync(cancellationToken);
                    logger.EmptyRollback(call.Xid, call.BranchId, call.ActionName);
                    return TccFenceOutcome.EmptyRollback;
                }

                await transaction.RollbackAsync();
            }
            catch (Exception ex)
            {
                await FailAsync(transaction, call, ex);
                throw;
            }

            switch (state)
            {
                case TccFenceState.RolledBack or TccFenceState.Suspended:
                    logger.AlreadyDone(call.Phase, call.Xid, call.BranchId, call.ActionName, state.Value);
                    return TccFenceOutcome.AlreadyDone;
                case TccFenceState.Tried:
                    ThrowIfOutOfAttempts(call, attempt);
                    logger.Raced(call.Phase, call.Xid, call.BranchId, call.ActionName, attempt);
                    continue;
                default:
                    throw ProtocolViolation(call, state);
            }
        }
    }

    private static async Task RunBusinessAsync(Call call, CancellationToken cancellationToken)
    {
        await call.Business(cancellationToken);
        if (call.Db.ChangeTracker.HasChanges())
        {
            await call.Db.SaveChangesAsync(cancellationToken);
        }
    }

    private Task<int> InsertAsync(Call call, TccFenceState state, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        return call.Db.Database.ExecuteSqlRawAsync(
            call.InsertSql,
            [call.Xid, call.BranchId, call.ActionName, (int)state, now, now],
            cancellationToken);
    }

    private Task<int> ChangeStateAsync(Call call, TccFenceState expected, TccFenceState next, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var xid = call.Xid;
        var branchId = call.BranchId;
        return call.Db.Set<TccFenceRecord>()
            .Where(r => r.Xid == xid && r.BranchId == branchId && r.State == expected)
            .ExecuteUpdateAsync(
                setters => setters.SetProperty(r => r.State, next).SetProperty(r => r.UpdatedUnixMs, now),
                cancellationToken);
    }

    private static Task<int> SaveOutputAsync(Call call, string output, CancellationToken cancellationToken)
    {
        var xid = call.Xid;
        var branchId = call.BranchId;
        return call.Db.Set<TccFenceRecord>()
            .Where(r => r.Xid == xid && r.BranchId == branchId)
            .ExecuteUpdateAsync(setters => setters.SetProperty(r => r.Output, output), cancellationToken);
    }

    private static Task<string?> ReadOutputAsync(Call call, CancellationToken cancellationToken)
    {
        var xid = call.Xid;
        var branchId = call.BranchId;
        return call.Db.Set<TccFenceRecord>()
            .AsNoTracking()
            .Where(r => r.Xid == xid && r.BranchId == branchId)
            .Select(r => r.Output)
            .FirstOrDefaultAsync(cancellationToken);
    }

    private static Task<TccFenceState?> ReadStateAsync(Call call, CancellationToken cancellationToken)
    {
        var xid = call.Xid;
        var branchId = call.BranchId;
        return call.Db.Set<TccFenceRecord>()
            .AsNoTracking()
            .Where(r => r.Xid == xid && r.BranchId == branchId)
            .Select(r => (TccFenceState?)r.State)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Provider-agnostic test for "the insert lost a race": the providers raise their own
    /// <see cref="DbException"/> subtype for a duplicate key; the caller re-reads the row to decide, so a
    /// different database error surfaces on the last attempt or on the re-read.
    /// </summary>
    private static bool IsWriteConflict(Exception exception) => exception is DbException or DbUpdateException;

    private async Task FailAsync(TccFenceTransaction transaction, Call call, Exception exception)
    {
        if (call.Phase == TccFencePhase.Try)
        {
            // The business refused (or failed) the Try: an outcome the caller gets as the exception, not an incident.
            logger.TryRolledBack(call.Xid, call.BranchId, call.ActionName, $"{exception.GetType().Name}: {exception.Message}");
        }
        else
        {
            logger.Failed(exception, call.Phase, call.Xid, call.BranchId, call.ActionName);
        }
        try
        {
            await transaction.RollbackAsync();
        }
        catch (Exception rollbackException)
        {
            // Keep the original exception; the connection is probably gone, and with it the transaction.
            logger.RollbackFailed(rollbackException, call.Phase, call.Xid, call.BranchId, call.ActionName);
        }
    }

    private TccFenceProtocolViolationException ProtocolViolation(Call call, TccFenceState? state)
    {
        logger.ProtocolViolation(call.Phase, call.Xid, call.BranchId, call.ActionName, state?.ToString() ?? "missing");
        return new TccFenceProtocolViolationException(call.Phase, call.Xid, call.BranchId, call.ActionName, state);
    }

    private static void ThrowIfOutOfAttempts(Call call, int attempt)
    {
        if (attempt >= MaxAttempts)
        {
            throw new InvalidOperationException(
                $"TCC {call.Phase} for xid {call.Xid} branch {call.BranchId}: the fence row stayed Tried while "
                + $"the conditional update matched nothing, {MaxAttempts} times; is the transaction isolation "
                + "level above READ COMMITTED?");
        }
    }

    private sealed record Call(
        TccFencePhase Phase,
        TContext Db,
        long Xid,
        long BranchId,
        string ActionName,
        Func<CancellationToken, Task> Business,
        string InsertSql,
        KeptOutput? Kept);

    /// <summary>The output of a saga step's action, set by the action or read from the row of a duplicate.</summary>
    private sealed class KeptOutput
    {
        public string? Value { get; set; }
    }
}
