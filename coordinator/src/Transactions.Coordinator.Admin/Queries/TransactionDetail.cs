namespace Transactions.Coordinator.Admin.Queries;

/// <summary><c>GET /api/v1/admin/transactions/{xid}</c>: the transaction, its branches or saga steps, and its history.</summary>
public sealed record TransactionDetail(
    TransactionView Transaction, IReadOnlyList<BranchView> Branches, IReadOnlyList<SagaStepView> Steps, IReadOnlyList<EventView> Events);
