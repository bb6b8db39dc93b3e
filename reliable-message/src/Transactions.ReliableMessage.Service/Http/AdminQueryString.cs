using System.Globalization;
using Transactions.ReliableMessage.Engine;
using Transactions.ReliableMessage.Errors;

namespace Transactions.ReliableMessage.Service.Http;

/// <summary>Parses the admin listings' query strings, answering a malformed value with a 400 naming the field.</summary>
internal static class AdminQueryString
{
    /// <summary>An optional positive 64-bit id (e.g. the <c>before</c> cursor).</summary>
    public static long? PositiveId(string? value, string field) =>
        value is null ? null
        : long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id
        : throw new InvalidMessageRequestException(field, "must be a positive message id.");

    /// <summary>An optional page size between 1 and <see cref="RequestLimits.List"/>; 100 when absent.</summary>
    public static int Limit(string? value) =>
        value is null ? 100
        : int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 and <= RequestLimits.List ? limit
        : throw new InvalidMessageRequestException("limit", $"must be a whole number between 1 and {RequestLimits.List}.");

    /// <summary>An optional non-negative number of seconds.</summary>
    public static TimeSpan? Seconds(string? value, string field) =>
        value is null ? null
        : int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? TimeSpan.FromSeconds(seconds)
        : throw new InvalidMessageRequestException(field, "must be a whole number of seconds (0 or more).");
}
