using Transactions.Coordinator.Domain;

namespace Transactions.Coordinator.Engine;

/// <summary>Request to register a branch in an Active global transaction.</summary>
public sealed record RegisterBranchCommand(
    long Xid,
    string ResourceId,
    string ActionName,
    BranchType BranchType,
    string Endpoint,
    ParticipantProtocol Protocol,
    string? ActionContext);
