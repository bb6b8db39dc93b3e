namespace Transactions.Participants;

/// <summary>One branch of a global transaction, as reported by <see cref="ITransactionManager.GetStatusAsync"/>.</summary>
/// <param name="BranchId">The branch id.</param>
/// <param name="ResourceId">The participant's resource id.</param>
/// <param name="ActionName">The TCC action name.</param>
/// <param name="Status">The branch status.</param>
/// <param name="Attempts">Phase-2 calls made so far.</param>
/// <param name="LastError">The last phase-2 error, or <see langword="null"/>.</param>
public sealed record BranchTransactionInfo(
    long BranchId,
    string ResourceId,
    string ActionName,
    BranchTransactionStatus Status,
    int Attempts,
    string? LastError);
