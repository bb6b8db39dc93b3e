namespace Transactions.Scheduling.Alerts;

/// <summary>
/// Something an operator should look at, read from the service's history: a transaction flagged as needing attention,
/// a message parked or dead-lettered.
/// </summary>
/// <param name="EventId">The history row's id: the sweep's cursor (ids only grow).</param>
/// <param name="Event">The alert event, e.g. <c>transaction.needs-attention</c> (what webhooks subscribe to).</param>
/// <param name="Subject">What it is about: <c>transaction</c> or <c>message</c>.</param>
/// <param name="Id">The xid or message id.</param>
/// <param name="State">Its state now, e.g. <c>Committing</c>.</param>
/// <param name="CreatedUnixMs">When the transaction or message was created (gives its age).</param>
/// <param name="AtUnixMs">When it was flagged.</param>
/// <param name="LastError">Its last error, if any.</param>
/// <param name="ConsoleFragment">Where the web console shows it, relative to the console's address (e.g. <c>#/transactions/42</c>).</param>
/// <param name="Group">The consumer group, for a dead letter.</param>
public sealed record AttentionEvent(
    long EventId,
    string Event,
    string Subject,
    string Id,
    string State,
    long CreatedUnixMs,
    long AtUnixMs,
    string? LastError,
    string ConsoleFragment,
    string? Group = null);
