namespace Transactions.Coordinator.Storage;

/// <summary>
/// A branch call (TCC phase 2) or saga step attempt that failed with the same error as its previous failure: it extends that failure's history
/// entry (one more repeat, last at <paramref name="AtUnixMs"/>) instead of adding an entry.
/// </summary>
/// <param name="BranchId">The branch.</param>
/// <param name="AtUnixMs">When the call failed again.</param>
public sealed record RepeatedFailure(long BranchId, long AtUnixMs);
