namespace Transactions.Coordinator.Domain;

/// <summary>How the coordinator reaches a participant. Values are persisted: never renumber.</summary>
public enum ParticipantProtocol
{
    /// <summary>The <c>transactions.v1.Participant</c> gRPC service at the endpoint's base address.</summary>
    Grpc = 1,

    /// <summary>Plain HTTP/JSON: <c>POST {endpoint}/confirm</c> and <c>POST {endpoint}/cancel</c>.</summary>
    HttpJson = 2,
}
