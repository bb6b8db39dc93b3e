using Transactions.Coordinator.Domain;

namespace Transactions.Coordinator.Admin.Queries;

/// <summary>Filters and page of <c>GET /api/v1/admin/transactions</c> (validated by the endpoint).</summary>
/// <param name="Status">Only this status; null for any.</param>
/// <param name="Name">Only names containing this; null for any.</param>
/// <param name="NeedsAttention">Only transactions flagged (true) or not flagged (false); null for both.</param>
/// <param name="Resource">Only transactions with a branch (or saga step participant) on this resource id; null for any.</param>
/// <param name="MinAgeSeconds">Only transactions created at least this long ago; null for any age.</param>
/// <param name="Limit">Page size.</param>
/// <param name="Cursor">The previous page's <c>nextCursor</c>: only older transactions; null for the newest.</param>
public sealed record TransactionListQuery(
    GlobalStatus? Status, string? Name, bool? NeedsAttention, string? Resource, long? MinAgeSeconds, int Limit, long? Cursor);
