namespace Transactions.Coordinator.Admin.Queries;

/// <summary>An entry of a transaction's history.</summary>
public sealed record EventView(string Id, long AtUnixMs, string Kind, string? BranchId, string Actor, string? Detail);
