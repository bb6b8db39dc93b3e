using System.Globalization;
using Transactions.Coordinator.Storage;
using Transactions.Scheduling.Alerts;

namespace Transactions.Coordinator.Jobs;

/// <summary>
/// The coordinator's operator alerts: <c>transaction.needs-attention</c>, raised when a transaction is flagged (phase 2
/// or a saga still unfinished after <c>Coordinator:NeedsAttentionAfterRounds</c> rounds).
/// </summary>
internal sealed class TransactionAttentionFeed(ITransactionAttentionStore store) : IAttentionFeed
{
    /// <summary>The alert event of a transaction flagged as needing attention.</summary>
    public const string NeedsAttention = "transaction.needs-attention";

    public string Service => "coordinator";

    public IReadOnlyList<string> Events { get; } = [NeedsAttention];

    public async Task<AttentionPage> ReadAsync(long afterEventId, long notBeforeUnixMs, long notAfterUnixMs, int max, CancellationToken cancellationToken)
    {
        var page = await store.ReadFlaggedAsync(afterEventId, notBeforeUnixMs, notAfterUnixMs, max, cancellationToken).ConfigureAwait(false);
        var events = page.Items.Select(f =>
        {
            var xid = f.Transaction.Xid.ToString(CultureInfo.InvariantCulture);
            return new AttentionEvent(
                f.Event.Id,
                NeedsAttention,
                "transaction",
                xid,
                f.Transaction.Status.ToString(),
                f.Transaction.CreatedUnixMs,
                f.Event.AtUnixMs,
                f.Transaction.LastError ?? f.Event.Detail,
                $"#/transactions/{xid}");
        }).ToList();
        return new AttentionPage(events, page.Cursor);
    }
}
