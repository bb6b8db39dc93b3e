using Microsoft.EntityFrameworkCore;
using Transactions.Common.Audit;
using Transactions.ReliableMessage.Storage.Model;

namespace Transactions.ReliableMessage.Storage;

/// <summary>The admin audit log in <c>rm_admin_audit</c>: append-only, listed newest first.</summary>
public sealed class EfAuditLog(IDbContextFactory<MessageDbContext> contexts) : IAuditLog
{
    /// <inheritdoc />
    public async Task<AuditRecord> AppendAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        var stored = record.ClippedTo(MessageSchema.Lengths.AuditName, MessageSchema.Lengths.EventDetail);
        var context = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            context.AuditLog.Add(stored);
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
            return await context.AuditLog.AsNoTracking().Matching(query).ToListAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
