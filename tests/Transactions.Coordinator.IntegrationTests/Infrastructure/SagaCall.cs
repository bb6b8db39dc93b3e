namespace Transactions.Coordinator.IntegrationTests.Infrastructure;

/// <summary>One saga call received by a <see cref="SagaTestParticipant"/>.</summary>
public sealed record SagaCall(long Sequence, string Kind, long Xid, long BranchId, string StepName, string ActionName, IReadOnlyDictionary<string, string> Outputs, int Attempt);
