using Transactions.Grpc;

namespace Transactions.Protocol.V1;

/// <summary>Typed client of <c>transactions.v1.Participant</c> over a <see cref="GrpcChannel"/>.</summary>
public sealed class ParticipantClient(GrpcChannel channel)
{
    /// <summary>Confirm a branch.</summary>
    public Task<BranchActionResponse> ConfirmAsync(BranchActionRequest request, CallOptions options = default) =>
        channel.UnaryAsync(ParticipantMethods.Confirm, request, options);

    /// <summary>Cancel a branch.</summary>
    public Task<BranchActionResponse> CancelAsync(BranchActionRequest request, CallOptions options = default) =>
        channel.UnaryAsync(ParticipantMethods.Cancel, request, options);

    /// <summary>Run a saga step's action.</summary>
    public Task<SagaStepResponse> ExecuteAsync(SagaStepRequest request, CallOptions options = default) =>
        channel.UnaryAsync(ParticipantMethods.Execute, request, options);

    /// <summary>Compensate a saga step.</summary>
    public Task<SagaStepResponse> CompensateAsync(SagaStepRequest request, CallOptions options = default) =>
        channel.UnaryAsync(ParticipantMethods.Compensate, request, options);
}
