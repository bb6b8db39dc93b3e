namespace Transactions.Participants.Coordinator;

/// <summary>A begun global transaction.</summary>
/// <param name="Xid">Its id.</param>
/// <param name="Deadline">When the coordinator rolls it back if still active.</param>
internal readonly record struct BeginResult(long Xid, DateTimeOffset Deadline);
