using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Transactions.Coordinator.Domain;

namespace Transactions.Coordinator.Storage;

public sealed partial class EfTransactionStore : ITransactionRetentionStore
{
    /// <inheritdoc />
    /// <remarks>
    /// Picks the batch's xids (the status prefix of the recovery index finds the terminal rows), then deletes their
    /// history events, branches, saga steps and saga rows, and last the global rows, still under the same condition,
    /// all in one local transaction: a batch goes whole or not at all. Terminal rows never change status again (a
    /// decision never flips), so a row picked is still deletable when its dependents go.
    /// </remarks>
    public async Task<int> DeleteFinishedAsync(long beforeUnixMs, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        var finished = Finished(beforeUnixMs);
        using var turn = await _writes.EnterAsync(cancellationToken).ConfigureAwait(false);
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var xids = await context.GlobalTransactions.AsNoTracking()
                    .Where(finished)
                    .OrderBy(g => g.Xid)
                    .Select(g => g.Xid)
                    .Take(maxCount)
                    .ToListAsync(cancellationToken).ConfigureAwait(false);
                if (xids.Count == 0)
                {
                    return 0;
                }

                await context.Events.Where(e => xids.Contains(e.Xid)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
                await context.Branches.Where(b => xids.Contains(b.Xid)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
                await context.SagaSteps.Where(s => xids.Contains(s.Xid)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
                await context.Sagas.Where(s => xids.Contains(s.Xid)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
                var deleted = await context.GlobalTransactions.Where(g => xids.Contains(g.Xid)).Where(finished)
                    .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return deleted;
            }
        }
    }

    private static Expression<Func<GlobalTransaction, bool>> Finished(long beforeUnixMs) =>
        g => (g.Status == GlobalStatus.Committed || g.Status == GlobalStatus.RolledBack)
            && !g.NeedsAttention
            && g.UpdatedUnixMs < beforeUnixMs;
}
