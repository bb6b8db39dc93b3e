using Grpc.Core;
using Transactions.Protocol.V1;

namespace Transactions.Coordinator.IntegrationTests.Infrastructure;

/// <summary>
/// The <c>transactions.v1.Participant</c> service of a test participant, served by Grpc.AspNetCore: each method calls
/// the handler the test participant sets; a method without one answers Unimplemented, like an unmapped method.
/// </summary>
public sealed class DelegatingParticipantService : Participant.ParticipantBase
{
    /// <summary>Handles Confirm (action "confirm") and Cancel (action "cancel").</summary>
    public Func<string, BranchActionRequest, CancellationToken, Task<BranchActionResponse>>? BranchHandler { get; set; }

    /// <summary>Handles Execute (kind "execute") and Compensate (kind "compensate").</summary>
    public Func<string, SagaStepRequest, CancellationToken, Task<SagaStepResponse>>? StepHandler { get; set; }

    /// <inheritdoc />
    public override Task<BranchActionResponse> Confirm(BranchActionRequest request, ServerCallContext context) =>
        Branch("confirm", request, context);

    /// <inheritdoc />
    public override Task<BranchActionResponse> Cancel(BranchActionRequest request, ServerCallContext context) =>
        Branch("cancel", request, context);

    /// <inheritdoc />
    public override Task<SagaStepResponse> Execute(SagaStepRequest request, ServerCallContext context) =>
        Step("execute", request, context);

    /// <inheritdoc />
    public override Task<SagaStepResponse> Compensate(SagaStepRequest request, ServerCallContext context) =>
        Step("compensate", request, context);

    private Task<BranchActionResponse> Branch(string action, BranchActionRequest request, ServerCallContext context) =>
        BranchHandler is { } handler
            ? handler(action, request, context.CancellationToken)
            : throw new RpcException(new Status(StatusCode.Unimplemented, $"{action} is not served by this participant."));

    private Task<SagaStepResponse> Step(string kind, SagaStepRequest request, ServerCallContext context) =>
        StepHandler is { } handler
            ? handler(kind, request, context.CancellationToken)
            : throw new RpcException(new Status(StatusCode.Unimplemented, $"{kind} is not served by this participant."));
}
