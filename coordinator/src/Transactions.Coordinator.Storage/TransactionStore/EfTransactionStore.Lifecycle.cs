using Microsoft.EntityFrameworkCore;
using Transactions.Coordinator.Domain;
using Transactions.Coordinator.Storage.Providers;

namespace Transactions.Coordinator.Storage;

public sealed partial class EfTransactionStore
{
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
}
