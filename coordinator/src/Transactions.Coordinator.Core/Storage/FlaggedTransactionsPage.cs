namespace Transactions.Coordinator.Storage;

/// <summary>What <see cref="ITransactionAttentionStore.ReadFlaggedAsync"/> read.</summary>
/// <param name="Items">The flagged transactions, oldest history row first.</param>
/// <param name="Cursor">The last history row id examined.</param>
public sealed record FlaggedTransactionsPage(IReadOnlyList<FlaggedTransaction> Items, long Cursor);
