using Microsoft.EntityFrameworkCore;
using Transactions.Common.Audit;
using Transactions.Coordinator.Storage.Model;

namespace Transactions.Coordinator.Storage;

/// <summary>The admin audit log in <c>tx_admin_audit</c>: append-only, listed newest first.</summary>
public sealed class EfCoordinatorAuditLog(IDbContextFactory<CoordinatorDbContext> contexts) : IAuditLog
{
    /// <inheritdoc />
    public async Task<AuditRecord> AppendAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        var stored = record.ClippedTo(AdminAuditSchema.NameLength, AdminAuditSchema.TextLength);
        var context = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            context.Set<AuditRecord>().Add(stored);
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return stored;
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditRecord>> ListAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var context = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            return await context.Set<AuditRecord>().AsNoTracking().Matching(query).ToListAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
