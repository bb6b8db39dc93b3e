using Microsoft.EntityFrameworkCore;
using Transactions.Coordinator.Diagnostics;
using Transactions.Coordinator.Domain;

namespace Transactions.Coordinator.Storage;

/// <summary>The gauges' query: unfinished transactions grouped by status, with the oldest creation time per group.</summary>
public sealed class EfTransactionStatistics(IDbContextFactory<CoordinatorDbContext> contexts) : ITransactionStatistics
{
    /// <inheritdoc />
    public async Task<UnfinishedTransactionStats> GetUnfinishedAsync(CancellationToken cancellationToken)
    {
        var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var groups = await db.GlobalTransactions.AsNoTracking()
                .Where(t => t.Status == GlobalStatus.Active || t.Status == GlobalStatus.Committing || t.Status == GlobalStatus.RollingBack)
                .GroupBy(t => t.Status)
                .Select(g => new { Status = g.Key, Count = g.Count(), Oldest = g.Min(t => t.CreatedUnixMs) })
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            return new UnfinishedTransactionStats(
                groups.ToDictionary(g => g.Status, g => g.Count),
                groups.Count == 0 ? null : groups.Min(g => g.Oldest));
        }
    }
}
