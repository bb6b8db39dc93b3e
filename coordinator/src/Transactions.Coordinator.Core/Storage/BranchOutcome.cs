using Transactions.Coordinator.Domain;

namespace Transactions.Coordinator.Storage;

/// <summary>New phase-2 state of one branch after a round.</summary>
public sealed record BranchOutcome(
    long BranchId,
    BranchStatus Status,
    int Attempts,
    string? LastError,
    long? NextRetryUnixMs);
