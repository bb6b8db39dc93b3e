namespace Transactions.Coordinator.Admin.Queries;

/// <summary>A page of transactions, newest first; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record TransactionPage(IReadOnlyList<TransactionSummary> Items, string? NextCursor);
