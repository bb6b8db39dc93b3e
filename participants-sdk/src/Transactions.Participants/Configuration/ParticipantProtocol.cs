namespace Transactions.Participants;

/// <summary>How the coordinator reaches this service's participant endpoint for Confirm and Cancel.</summary>
public enum ParticipantProtocol
{
    /// <summary>
    /// The <c>transactions.v1.Participant</c> gRPC service at the base address
    /// <see cref="TransactionsOptions.ParticipantEndpoint"/>. Needs a Kestrel endpoint with HTTP/2
    /// (plaintext: <c>Protocols = Http2</c>).
    /// </summary>
    Grpc,

    /// <summary>
    /// Plain HTTP/JSON: <c>POST {ParticipantEndpoint}{ParticipantPath}/confirm</c> and <c>/cancel</c>. Works
    /// over HTTP/1.1.
    /// </summary>
    HttpJson,
}
