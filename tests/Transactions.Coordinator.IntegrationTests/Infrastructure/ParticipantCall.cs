namespace Transactions.Coordinator.IntegrationTests.Infrastructure;

/// <summary>One phase-2 call a test participant received, in arrival order.</summary>
public sealed record ParticipantCall(long Sequence, string Participant, string Action, long Xid, long BranchId, string ActionName, string ActionContext, int Attempt);
