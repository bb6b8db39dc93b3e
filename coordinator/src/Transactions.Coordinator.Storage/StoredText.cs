using Transactions.Coordinator.Domain;
using Transactions.Coordinator.Engine;
using Transactions.Coordinator.Storage.Model;

namespace Transactions.Coordinator.Storage;

/// <summary>
/// Cuts free text to its column size. Errors come from participants and may be of any length; a write
/// that can never succeed would stall phase 2 forever, so the store truncates instead of failing.
/// Validated request fields (names, resources, endpoints) are not cut: the engine rejects them first.
/// </summary>
internal static class StoredText
{
    /// <summary>An error text (global or branch).</summary>
    public static string? Error(string? value) => Truncate(value, RequestLimits.Error);

    /// <summary>A rollback reason.</summary>
    public static string? Reason(string? value) => Truncate(value, RequestLimits.Reason);

    /// <summary>Fits an event's free text (detail, actor) in place and returns it.</summary>
    public static TransactionEvent Fit(TransactionEvent e)
    {
        e.Detail = Truncate(e.Detail, CoordinatorSchema.Lengths.EventDetail);
        e.Actor = Truncate(e.Actor, CoordinatorSchema.Lengths.Owner) ?? string.Empty;
        return e;
    }

    /// <summary>Fits every event in place.</summary>
    public static IReadOnlyList<TransactionEvent> Fit(IReadOnlyList<TransactionEvent> events)
    {
        for (var i = 0; i < events.Count; i++)
        {
            Fit(events[i]);
        }

        return events;
    }

    private static string? Truncate(string? value, int maxLength) =>
        value is not null && value.Length > maxLength ? value[..maxLength] : value;
}
