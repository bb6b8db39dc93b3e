namespace Transactions.Coordinator.Admin.Queries;

/// <summary>
/// An entry of a transaction's history. <paramref name="Repeats"/>: how many times it happened in a row (a branch call
/// failing again with the same error counts here instead of adding entries), the last time at
/// <paramref name="LastAtUnixMs"/>.
/// </summary>
public sealed record EventView(string Id, long AtUnixMs, string Kind, string? BranchId, string Actor, string? Detail, int Repeats, long? LastAtUnixMs);
