namespace Transactions.Participants.Coordinator;

/// <summary>What a Try registers with the coordinator.</summary>
internal sealed record BranchRegistration(
    long Xid,
    string ResourceId,
    string ActionName,
    string Endpoint,
    ParticipantProtocol Protocol,
    string ActionContext);
