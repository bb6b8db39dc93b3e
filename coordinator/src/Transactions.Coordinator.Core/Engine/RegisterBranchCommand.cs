using Transactions.Coordinator.Domain;

namespace Transactions.Coordinator.Engine;

/// <summary>
/// Request to register a branch in an Active global transaction. With an <paramref name="IdempotencyKey"/>, a
/// repeated request (same xid and key) answers the branch the first one registered.
/// </summary>
public sealed record RegisterBranchCommand(
    long Xid,
    string ResourceId,
    string ActionName,
    BranchType BranchType,
    string Endpoint,
    ParticipantProtocol Protocol,
    string? ActionContext,
    string? IdempotencyKey = null);
