namespace Transactions.Scheduling.Alerts;

/// <summary>A service's source of operator alerts: its history rows that flag something for an operator.</summary>
public interface IAttentionFeed
{
    /// <summary>The service's name in alerts, e.g. <c>coordinator</c>.</summary>
    string Service { get; }

    /// <summary>The alert events this service raises (what <c>Jobs:Alerts:Webhooks:N:Events</c> may name).</summary>
    IReadOnlyList<string> Events { get; }

    /// <summary>
    /// Up to <paramref name="max"/> flagging events with an id above <paramref name="afterEventId"/> and written at or
    /// after <paramref name="notBeforeUnixMs"/>, in id order, stopping before the first history row (of any kind)
    /// written after <paramref name="notAfterUnixMs"/>, so that rows still settling are read by a later sweep; and the
    /// cursor for the next sweep (the last history row id examined).
    /// </summary>
    /// <param name="afterEventId">The cursor: the last event id already handled (0 for none).</param>
    /// <param name="notBeforeUnixMs">Events written earlier are skipped (the first sweep's look-back).</param>
    /// <param name="notAfterUnixMs">Events written later wait for the next sweep (the settle time).</param>
    /// <param name="max">Most events.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The events, oldest id first, and the next cursor.</returns>
    Task<AttentionPage> ReadAsync(long afterEventId, long notBeforeUnixMs, long notAfterUnixMs, int max, CancellationToken cancellationToken);
}
