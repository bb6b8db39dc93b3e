using Transactions.Grpc;

namespace Transactions.Protocol.V1;

/// <summary>Method descriptors of <c>transactions.v1.Participant</c> (served by participants).</summary>
public static class ParticipantMethods
{
    /// <summary>Full service name as in the .proto file.</summary>
    public const string ServiceName = "transactions.v1.Participant";

    /// <summary>Confirm a branch.</summary>
    public static readonly Method<BranchActionRequest, BranchActionResponse> Confirm =
        new(ServiceName, "Confirm", BranchActionRequest.Parser, BranchActionResponse.Parser);

    /// <summary>Cancel a branch.</summary>
    public static readonly Method<BranchActionRequest, BranchActionResponse> Cancel =
        new(ServiceName, "Cancel", BranchActionRequest.Parser, BranchActionResponse.Parser);

    /// <summary>Run a saga step's action.</summary>
    public static readonly Method<SagaStepRequest, SagaStepResponse> Execute =
        new(ServiceName, "Execute", SagaStepRequest.Parser, SagaStepResponse.Parser);

    /// <summary>Compensate a saga step.</summary>
    public static readonly Method<SagaStepRequest, SagaStepResponse> Compensate =
        new(ServiceName, "Compensate", SagaStepRequest.Parser, SagaStepResponse.Parser);
}
