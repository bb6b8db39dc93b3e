namespace Transactions.Participants;

/// <summary>A global transaction and its branches, as reported by <see cref="ITransactionManager.GetStatusAsync"/>.</summary>
/// <param name="Xid">The global transaction id.</param>
/// <param name="Name">Its business name.</param>
/// <param name="Status">Its status.</param>
/// <param name="NeedsAttention">Whether phase 2 has been failing long enough to need an administrator.</param>
/// <param name="Created">When it began.</param>
/// <param name="Deadline">When the coordinator rolls it back if it is still active.</param>
/// <param name="Branches">Its branches in registration order.</param>
public sealed record GlobalTransactionInfo(
    long Xid,
    string Name,
    GlobalTransactionStatus Status,
    bool NeedsAttention,
    DateTimeOffset Created,
    DateTimeOffset Deadline,
    IReadOnlyList<BranchTransactionInfo> Branches);
