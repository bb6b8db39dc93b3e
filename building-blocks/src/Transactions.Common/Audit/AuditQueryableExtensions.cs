namespace Transactions.Common.Audit;

/// <summary>The audit list's query over any LINQ provider (the EF Core stores of both services use it).</summary>
public static class AuditQueryableExtensions
{
    /// <summary>Records matching <paramref name="query"/>, newest first, at most a page.</summary>
    public static IQueryable<AuditRecord> Matching(this IQueryable<AuditRecord> records, AuditQuery query)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(query);
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

        return records.OrderByDescending(a => a.Id).Take(Math.Clamp(query.Limit, 1, AuditQuery.MaxLimit));
    }

    /// <summary>A copy of <paramref name="record"/> cut to the column sizes (names and text), ready to insert.</summary>
    public static AuditRecord ClippedTo(this AuditRecord record, int nameLength, int textLength)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new AuditRecord
        {
            AtUnixMs = record.AtUnixMs,
            Actor = Clip(record.Actor, nameLength)!,
            Action = Clip(record.Action, nameLength)!,
            Target = Clip(record.Target, nameLength)!,
            Reason = Clip(record.Reason, textLength)!,
            Before = Clip(record.Before, textLength),
            After = Clip(record.After, textLength),
            Outcome = Clip(record.Outcome, textLength)!,
        };
    }

    private static string? Clip(string? value, int maxLength) =>
        value is null || value.Length <= maxLength ? value : value[..maxLength];
}
