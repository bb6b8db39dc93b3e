using Transactions.Coordinator.Domain;

namespace Transactions.Coordinator.Storage;

/// <summary>A global transaction and its branches (ordered by ordinal), read together.</summary>
public sealed record TransactionSnapshot(GlobalTransaction Transaction, IReadOnlyList<BranchTransaction> Branches);
