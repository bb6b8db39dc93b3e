namespace Transactions.Coordinator.Admin.Queries;

/// <summary>A saga step in the detail view.</summary>
public sealed record SagaStepView(
    string BranchId,
    int Ordinal,
    int Group,
    string Name,
    string Status,
    int Attempts,
    int CompensationAttempts,
    string? LastError,
    long? NextRetryUnixMs);
