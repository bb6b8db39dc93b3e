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
        ArgumentNullException.ThrowIfNull(record);
        var stored = new AuditRecord
        {
            AtUnixMs = record.AtUnixMs,
            Actor = Clip(record.Actor, MessageSchema.Lengths.Owner)!,
            Action = Clip(record.Action, MessageSchema.Lengths.AuditName)!,
            Target = Clip(record.Target, MessageSchema.Lengths.AuditName)!,
            Reason = Clip(record.Reason, MessageSchema.Lengths.EventDetail)!,
            Before = Clip(record.Before, MessageSchema.Lengths.EventDetail),
            After = Clip(record.After, MessageSchema.Lengths.EventDetail),
            Outcome = Clip(record.Outcome, MessageSchema.Lengths.EventDetail)!,
        };
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
        ArgumentNullException.ThrowIfNull(query);
        var limit = Math.Clamp(query.Limit, 1, AuditQuery.MaxLimit);
        var context = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            var records = context.AuditLog.AsNoTracking();
            if (!string.IsNullOrEmpty(query.Target))
            {
                records = records.Where(a => a.Target.StartsWith(query.Target));
            }

            if (!string.IsNullOrEmpty(query.Actor))
            {
                records = records.Where(a => a.Actor == query.Actor);
            }

            if (query.BeforeId is long before)
            {
                records = records.Where(a => a.Id < before);
            }

            return await records.OrderByDescending(a => a.Id).Take(limit).ToListAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static string? Clip(string? value, int maxLength) =>
        value is null || value.Length <= maxLength ? value : value[..maxLength];
}
