using Grpc.Core;
using Transactions.Participants.Saga;
using Transactions.Protocol.V1;
using ParticipantService = Transactions.Protocol.V1.Participant;

namespace Transactions.Participants.Participant;

/// <summary>
/// The <c>transactions.v1.Participant</c> gRPC service (Grpc.AspNetCore) the coordinator calls: Confirm and Cancel
/// go to <see cref="ParticipantEndpointHandlers"/>, the saga's Execute and Compensate to
/// <see cref="SagaEndpointHandlers"/>. A singleton (registered by <c>AddTransactions</c>), mapped by
/// <c>MapTransactionParticipant</c>.
/// </summary>
internal sealed class ParticipantGrpcService(ParticipantEndpointHandlers tcc, SagaEndpointHandlers saga) : ParticipantService.ParticipantBase
{
    public override Task<BranchActionResponse> Confirm(BranchActionRequest request, ServerCallContext context) =>
        tcc.ConfirmGrpcAsync(request, context);

    public override Task<BranchActionResponse> Cancel(BranchActionRequest request, ServerCallContext context) =>
        tcc.CancelGrpcAsync(request, context);

    public override Task<SagaStepResponse> Execute(SagaStepRequest request, ServerCallContext context) =>
        saga.ExecuteGrpcAsync(request, context);

    public override Task<SagaStepResponse> Compensate(SagaStepRequest request, ServerCallContext context) =>
        saga.CompensateGrpcAsync(request, context);
}
