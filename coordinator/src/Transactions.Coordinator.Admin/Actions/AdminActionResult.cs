namespace Transactions.Coordinator.Admin.Actions;

/// <summary>The answer to an admin action: the transaction's status afterwards and what the action did.</summary>
/// <param name="Status">The transaction's status after the action (<c>Deleted</c> after a delete).</param>
/// <param name="Outcome">What happened, e.g. <c>done</c> or <c>nothing to do: already Committed</c>.</param>
public sealed record AdminActionResult(string Status, string Outcome);
