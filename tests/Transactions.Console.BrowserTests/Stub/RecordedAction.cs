namespace Transactions.Console.BrowserTests.Stub;

/// <summary>An operator action the stub API received.</summary>
/// <param name="Actor">The key's name.</param>
/// <param name="Action">retry, redrive, force-rollback, delete or resolve.</param>
/// <param name="Xid">The transaction.</param>
/// <param name="BranchId">The branch (resolve only).</param>
/// <param name="Reason">The reason as sent.</param>
/// <param name="Outcome">What the stub answered: the new status, or "refused: ..." for a 409.</param>
public sealed record RecordedAction(string Actor, string Action, string Xid, string? BranchId, string Reason, string Outcome);
