using System.Globalization;
using Transactions.Common.Audit;
using Transactions.Coordinator.Admin.Queries;
using Transactions.Coordinator.Domain;
using Transactions.Coordinator.Errors;

namespace Transactions.Coordinator.Admin.Http;

/// <summary>Validates query strings and route values; every failure names its field (400).</summary>
internal static class AdminRequests
{
    public const int MaxPage = 200;
    public const int MaxText = 256;

    public static long Id(string value, string field) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : throw new InvalidRequestException(field, "must be a positive integer id.");

    public static TransactionListQuery List(
        string? status, string? name, string? needsAttention, string? resource, string? minAgeSeconds, string? limit, string? cursor)
    {
        GlobalStatus? parsedStatus = null;
        if (!string.IsNullOrEmpty(status))
        {
            parsedStatus = Enum.TryParse<GlobalStatus>(status, ignoreCase: true, out var s) && Enum.IsDefined(s) && !int.TryParse(status, out _)
                ? s
                : throw new InvalidRequestException("status", $"must be one of {string.Join(", ", Enum.GetNames<GlobalStatus>())}.");
        }

        bool? attention = null;
        if (!string.IsNullOrEmpty(needsAttention))
        {
            attention = bool.TryParse(needsAttention, out var a) ? a : throw new InvalidRequestException("needsAttention", "must be true or false.");
        }

        return new TransactionListQuery(
            parsedStatus,
            Text(name, "name"),
            attention,
            Text(resource, "resource"),
            Number(minAgeSeconds, "minAgeSeconds", 0, 10L * 365 * 24 * 3600),
            (int)(Number(limit, "limit", 1, MaxPage) ?? 50),
            string.IsNullOrEmpty(cursor) ? null : Id(cursor, "cursor"));
    }

    public static AuditQuery Audit(string? target, string? actor, string? before, string? limit) => new(
        Text(target, "target"),
        Text(actor, "actor"),
        string.IsNullOrEmpty(before) ? null : Id(before, "before"),
        (int)(Number(limit, "limit", 1, AuditQuery.MaxLimit) ?? 100));

    private static string? Text(string? value, string field) =>
        value is { Length: > MaxText } ? throw new InvalidRequestException(field, $"must have at most {MaxText} characters.") : value;

    private static long? Number(string? value, string field, long min, long max)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        return long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new InvalidRequestException(field, string.Create(CultureInfo.InvariantCulture, $"must be a whole number between {min} and {max}."));
    }
}
