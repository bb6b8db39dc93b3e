namespace Transactions.Coordinator.Admin.Queries;

/// <summary>A branch in the detail view.</summary>
public sealed record BranchView(
    string BranchId,
    int Ordinal,
    string ResourceId,
    string ActionName,
    string BranchType,
    string Endpoint,
    string Protocol,
    string Status,
    int Attempts,
    string? LastError,
    long? NextRetryUnixMs);
