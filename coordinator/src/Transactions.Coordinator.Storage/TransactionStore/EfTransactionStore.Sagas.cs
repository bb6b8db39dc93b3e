using Microsoft.EntityFrameworkCore;
using Transactions.Coordinator.Domain;

namespace Transactions.Coordinator.Storage;

/// <summary>The saga part of the EF Core store (portable statements on every provider).</summary>
public sealed partial class EfTransactionStore : ISagaStore
{
    /// <inheritdoc />
    public Task<BeginOutcome> SubmitAsync(GlobalTransaction transaction, SagaRecord saga, IReadOnlyList<SagaStepState> steps, TransactionEvent submitted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(saga);
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(submitted);
        return InsertIdempotentAsync(
            transaction,
            context =>
            {
                context.Sagas.Add(saga);
                context.SagaSteps.AddRange(steps);
                context.Events.Add(StoredText.Fit(submitted));
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<SagaSnapshot?> LoadSagaAsync(long xid, CancellationToken cancellationToken)
    {
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            var head = await (
                from g in context.GlobalTransactions.AsNoTracking()
                join s in context.Sagas.AsNoTracking() on g.Xid equals s.Xid
                where g.Xid == xid
                select new { Global = g, s.Definition })
                .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            if (head is null)
            {
                return null;
            }

            var steps = await context.SagaSteps.AsNoTracking()
                .Where(s => s.Xid == xid)
                .OrderBy(s => s.Ordinal)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            return new SagaSnapshot(head.Global, head.Definition, steps);
        }
    }

    /// <inheritdoc />
    public async Task<bool> SaveStepsAsync(SagaStepsWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        StoredText.Fit(write.Events);
        using var turn = await _writes.EnterAsync(cancellationToken).ConfigureAwait(false);
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // The lease check comes first and locks the global row (SQL Server, PostgreSQL) or the
                // database (SQLite) until commit, so a stale instance can never overwrite a step.
                var renewed = await context.GlobalTransactions
                    .Where(g => g.Xid == write.Xid && g.Status == write.Status && g.LeaseOwner == write.Owner)
                    .ExecuteUpdateAsync(
                        s => s.SetProperty(g => g.LeaseExpiresUnixMs, write.LeaseExpiresUnixMs)
                            .SetProperty(g => g.NextAttemptUnixMs, write.LeaseExpiresUnixMs)
                            .SetProperty(g => g.UpdatedUnixMs, write.NowUnixMs),
                        cancellationToken).ConfigureAwait(false);
                if (renewed == 0)
                {
                    return false;
                }

                foreach (var step in write.Steps)
                {
                    var stored = step.Clone();
                    stored.LastError = StoredText.Error(stored.LastError);
                    context.SagaSteps.Update(stored);
                }

                await CountRepeatsAsync(context, write.Xid, TransactionEventKinds.SagaStepFailed, write.RepeatedFailures, cancellationToken).ConfigureAwait(false);
                context.Events.AddRange(write.Events);
                await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
        }
    }
}
