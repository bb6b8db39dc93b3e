using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Transactions.Coordinator.Domain;
using Transactions.Coordinator.Errors;
using Transactions.Coordinator.Storage;

namespace Transactions.Coordinator.Admin.Queries;

/// <summary>The read side of the admin API: list, count and inspect transactions (no locks, no tracking).</summary>
public sealed class AdminQueries(IDbContextFactory<CoordinatorDbContext> contexts, TimeProvider timeProvider)
{
    /// <summary>A page of transactions matching <paramref name="query"/>, newest first.</summary>
    public async Task<TransactionPage> ListAsync(TransactionListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var rows = db.GlobalTransactions.AsNoTracking();
            if (query.Status is { } status)
            {
                rows = rows.Where(t => t.Status == status);
            }

            if (query.NeedsAttention is { } flagged)
            {
                rows = rows.Where(t => t.NeedsAttention == flagged);
            }

            if (!string.IsNullOrEmpty(query.Name))
            {
                rows = rows.Where(t => t.Name.Contains(query.Name));
            }

            if (!string.IsNullOrEmpty(query.Resource))
            {
                rows = rows.Where(t => db.Branches.Any(b => b.Xid == t.Xid && b.ResourceId == query.Resource));
            }

            if (query.MinAgeSeconds is { } minAge)
            {
                var createdBefore = timeProvider.GetUtcNow().ToUnixTimeMilliseconds() - (minAge * 1000);
                rows = rows.Where(t => t.CreatedUnixMs <= createdBefore);
            }

            if (query.Cursor is { } cursor)
            {
                rows = rows.Where(t => t.Xid < cursor);
            }

            var page = await rows.OrderByDescending(t => t.Xid).Take(query.Limit + 1).ToListAsync(cancellationToken).ConfigureAwait(false);
            var more = page.Count > query.Limit;
            var items = page.Take(query.Limit).Select(Summary).ToList();
            return new TransactionPage(items, more ? items[^1].Xid : null);
        }
    }

    /// <summary>How many transactions are in each status, and how many need attention.</summary>
    public async Task<StatusCounts> CountAsync(CancellationToken cancellationToken)
    {
        var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var counts = await db.GlobalTransactions.AsNoTracking()
                .GroupBy(t => t.Status)
                .Select(g => new { Status = g.Key, Count = g.Count() })
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            var attention = await db.GlobalTransactions.AsNoTracking().CountAsync(t => t.NeedsAttention, cancellationToken).ConfigureAwait(false);
            var byStatus = Enum.GetValues<GlobalStatus>().ToDictionary(
                s => s.ToString(), s => counts.FirstOrDefault(c => c.Status == s)?.Count ?? 0, StringComparer.Ordinal);
            return new StatusCounts(byStatus, attention);
        }
    }

    /// <summary>The transaction with its branches or saga steps and its history.</summary>
    /// <exception cref="TransactionNotFoundException">Unknown xid.</exception>
    public async Task<TransactionDetail> GetAsync(long xid, CancellationToken cancellationToken)
    {
        var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var tx = await db.GlobalTransactions.AsNoTracking().FirstOrDefaultAsync(t => t.Xid == xid, cancellationToken).ConfigureAwait(false)
                ?? throw new TransactionNotFoundException(xid);
            var branches = await db.Branches.AsNoTracking().Where(b => b.Xid == xid).OrderBy(b => b.Ordinal)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            var steps = await db.SagaSteps.AsNoTracking().Where(s => s.Xid == xid).OrderBy(s => s.Ordinal)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            var events = await db.Events.AsNoTracking().Where(e => e.Xid == xid).OrderBy(e => e.Id)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            return new TransactionDetail(
                View(tx),
                branches.Select(View).ToList(),
                steps.Select(View).ToList(),
                events.Select(View).ToList());
        }
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static string Kind(TransactionKind kind) => kind == TransactionKind.Saga ? "saga" : "tcc";

    private static TransactionSummary Summary(GlobalTransaction t) => new(
        Id(t.Xid), t.Name, Kind(t.Kind), t.ApplicationId, t.Status.ToString(), t.NeedsAttention, t.CreatedUnixMs, t.UpdatedUnixMs,
        t.BranchCount, t.Phase2Attempts, t.NextAttemptUnixMs, t.LastError);

    private static TransactionView View(GlobalTransaction t) => new(
        Id(t.Xid), t.Name, Kind(t.Kind), t.ApplicationId, t.IdempotencyKey, t.Status.ToString(), t.NeedsAttention, t.CreatedUnixMs,
        t.UpdatedUnixMs, t.DeadlineUnixMs, t.CompletedUnixMs, t.BranchCount, t.Phase2Attempts, t.NextAttemptUnixMs, t.LastError,
        t.RollbackReason, t.LeaseOwner, t.LeaseExpiresUnixMs);

    private static BranchView View(BranchTransaction b) => new(
        Id(b.BranchId), b.Ordinal, b.ResourceId, b.ActionName, b.BranchType.ToString(), b.Endpoint, b.Protocol.ToString(), b.Status.ToString(),
        b.Attempts, b.LastError, b.NextRetryUnixMs);

    private static SagaStepView View(SagaStepState s) => new(
        Id(s.BranchId), s.Ordinal, s.GroupIndex, s.Name, s.Status.ToString(), s.Attempts, s.CompensationAttempts, s.LastError, s.NextRetryUnixMs);

    private static EventView View(TransactionEvent e) => new(
        Id(e.Id), e.AtUnixMs, e.Kind, e.BranchId is { } b ? Id(b) : null, e.Actor, e.Detail, e.Repeats, e.LastAtUnixMs);
}
