using Transactions.Coordinator.Domain;

namespace Transactions.Coordinator.Participants;

/// <summary>One Execute or Compensate call of a saga step.</summary>
public sealed record SagaStepCall(
    long Xid,
    long BranchId,
    string Endpoint,
    ParticipantProtocol Protocol,
    string ResourceId,
    string StepName,
    string ActionName,
    string? Input,
    IReadOnlyDictionary<string, string> Outputs,
    int Attempt,
    bool Compensate);
