using Microsoft.EntityFrameworkCore;
using Transactions.Coordinator.Domain;
using Transactions.Coordinator.Storage.Providers;

namespace Transactions.Coordinator.Storage;

public sealed partial class EfTransactionStore
{
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
}
