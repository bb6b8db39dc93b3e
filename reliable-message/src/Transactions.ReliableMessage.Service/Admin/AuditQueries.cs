using Transactions.Common.Audit;
using Transactions.ReliableMessage.Engine;
using Transactions.ReliableMessage.Errors;

namespace Transactions.ReliableMessage.Service.Admin;

/// <summary>Validates the audit list's query string into an <see cref="AuditQuery"/>.</summary>
internal static class AuditQueries
{
    public static AuditQuery Create(string? target, string? actor, long? before, int? limit)
    {
        if (target is { Length: > RequestLimits.Name * 2 })
        {
            throw new InvalidMessageRequestException("target", $"must have at most {RequestLimits.Name * 2} characters.");
        }

        if (actor is { Length: > RequestLimits.Name })
        {
            throw new InvalidMessageRequestException("actor", $"must have at most {RequestLimits.Name} characters.");
        }

        if (before is <= 0)
        {
            throw new InvalidMessageRequestException("before", "must be a positive audit record id.");
        }

        if (limit is < 1 or > AuditQuery.MaxLimit)
        {
            throw new InvalidMessageRequestException("limit", $"must be between 1 and {AuditQuery.MaxLimit}.");
        }

        return new AuditQuery(target, actor, before, limit ?? 100);
    }
}
