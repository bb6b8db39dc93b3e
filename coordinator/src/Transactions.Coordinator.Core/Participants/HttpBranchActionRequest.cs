namespace Transactions.Coordinator.Participants;

/// <summary>Body of an HTTP/JSON phase-2 call.</summary>
public sealed record HttpBranchActionRequest(
    string Xid,
    string BranchId,
    string ResourceId,
    string ActionName,
    string? ActionContext,
    int Attempt);
