namespace Transactions.Common.Audit;

/// <summary>The audit log of administrator actions. Records are only ever appended.</summary>
public interface IAuditLog
{
    /// <summary>Appends <paramref name="record"/> (its <see cref="AuditRecord.Id"/> is ignored) and returns it with its id.</summary>
    Task<AuditRecord> AppendAsync(AuditRecord record, CancellationToken cancellationToken);

    /// <summary>A page of records matching <paramref name="query"/>, newest first.</summary>
    Task<IReadOnlyList<AuditRecord>> ListAsync(AuditQuery query, CancellationToken cancellationToken);
}
