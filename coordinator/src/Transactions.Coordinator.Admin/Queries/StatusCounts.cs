namespace Transactions.Coordinator.Admin.Queries;

/// <summary><c>GET /api/v1/admin/transactions/counts</c>: transactions per status, and how many need attention.</summary>
public sealed record StatusCounts(IReadOnlyDictionary<string, int> ByStatus, int NeedsAttention);
