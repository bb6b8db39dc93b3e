namespace Transactions.Scheduling.Alerts;

/// <summary>
/// The JSON body of an operator alert (camelCase). <see cref="AlertId"/> is the same on every attempt and on a repeat,
/// so a receiver can de-duplicate (delivery is at least once).
/// </summary>
/// <param name="AlertId">Unique per flagging event: <c>{service}-{event id}</c>.</param>
/// <param name="Service">The service that raised it, e.g. <c>coordinator</c>.</param>
/// <param name="Event">What happened, e.g. <c>transaction.needs-attention</c>.</param>
/// <param name="Subject"><c>transaction</c> or <c>message</c>.</param>
/// <param name="Id">The xid or message id (a string: 64-bit ids lose digits as JSON numbers).</param>
/// <param name="State">Its state when the alert was raised.</param>
/// <param name="Group">The consumer group, for a dead letter.</param>
/// <param name="CreatedAt">When the transaction or message was created.</param>
/// <param name="FlaggedAt">When it was flagged.</param>
/// <param name="AgeSeconds">Its age when flagged, in whole seconds.</param>
/// <param name="LastError">Its last error, if any.</param>
/// <param name="ConsoleUrl">Its page in the web console, when <c>Jobs:Alerts:ConsoleBaseUrl</c> is set.</param>
public sealed record OperatorAlert(
    string AlertId,
    string Service,
    string Event,
    string Subject,
    string Id,
    string State,
    string? Group,
    DateTimeOffset CreatedAt,
    DateTimeOffset FlaggedAt,
    long AgeSeconds,
    string? LastError,
    string? ConsoleUrl)
{
    /// <summary>The alert for <paramref name="attention"/> raised by <paramref name="service"/>.</summary>
    /// <param name="service">The service.</param>
    /// <param name="attention">The flagging event.</param>
    /// <param name="consoleBaseUrl">The console's address, if configured.</param>
    /// <returns>The alert.</returns>
    public static OperatorAlert From(string service, AttentionEvent attention, Uri? consoleBaseUrl)
    {
        ArgumentNullException.ThrowIfNull(attention);
        var created = DateTimeOffset.FromUnixTimeMilliseconds(attention.CreatedUnixMs);
        var flagged = DateTimeOffset.FromUnixTimeMilliseconds(attention.AtUnixMs);
        return new OperatorAlert(
            $"{service}-{attention.EventId}",
            service,
            attention.Event,
            attention.Subject,
            attention.Id,
            attention.State,
            attention.Group,
            created,
            flagged,
            (long)Math.Max(0, (flagged - created).TotalSeconds),
            attention.LastError,
            consoleBaseUrl is null ? null : consoleBaseUrl.AbsoluteUri.TrimEnd('/') + "/" + attention.ConsoleFragment);
    }
}
