using System.Globalization;
using Transactions.ReliableMessage.Domain;
using Transactions.ReliableMessage.Storage;
using Transactions.Scheduling.Alerts;

namespace Transactions.ReliableMessage.Service.Jobs;

/// <summary>
/// The reliable-message service's operator alerts: <c>message.parked</c> (back-checks exhausted: the message waits for
/// an operator to commit or roll it back) and <c>message.dead-lettered</c> (a consumer group's deliveries exhausted:
/// requeue or discard). Both link to the web console's dead-letter view (it lists what waits for an operator).
/// </summary>
internal sealed class MessageAttentionFeed(IMessageAttentionStore store) : IAttentionFeed
{
    /// <summary>The alert event of a message parked after its back-checks.</summary>
    public const string Parked = "message.parked";

    /// <summary>The alert event of a delivery that became a dead letter.</summary>
    public const string DeadLettered = "message.dead-lettered";

    public string Service => "reliable-message";

    public IReadOnlyList<string> Events { get; } = [Parked, DeadLettered];

    public async Task<AttentionPage> ReadAsync(long afterEventId, long notBeforeUnixMs, long notAfterUnixMs, int max, CancellationToken cancellationToken)
    {
        var page = await store.ReadFlaggedAsync(afterEventId, notBeforeUnixMs, notAfterUnixMs, max, cancellationToken).ConfigureAwait(false);
        var events = page.Items.Select(f => new AttentionEvent(
            f.Event.Id,
            f.Event.Kind == MessageEventKinds.Parked ? Parked : DeadLettered,
            "message",
            f.Message.MessageId.ToString(CultureInfo.InvariantCulture),
            f.Message.Status.ToString(),
            f.Message.CreatedUnixMs,
            f.Event.AtUnixMs,
            f.Event.Detail ?? f.Message.LastError,
            "#/dead-letters",
            f.Event.ConsumerGroup)).ToList();
        return new AttentionPage(events, page.Cursor);
    }
}
