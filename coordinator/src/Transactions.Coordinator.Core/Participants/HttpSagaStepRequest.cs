namespace Transactions.Coordinator.Participants;

/// <summary>Body of an HTTP/JSON saga step call (ids as strings so 64-bit values survive JavaScript).</summary>
public sealed record HttpSagaStepRequest(
    string Xid,
    string BranchId,
    string ResourceId,
    string StepName,
    string ActionName,
    string? Input,
    IReadOnlyDictionary<string, string> Outputs,
    int Attempt);
