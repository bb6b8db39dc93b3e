namespace Transactions.Protocol.Sagas;

/// <summary>How the coordinator reaches a step's participant.</summary>
public sealed class SagaParticipant
{
    /// <summary>Absolute http(s) URL: the gRPC base address, or the HTTP/JSON base path. Required.</summary>
    public string? Endpoint { get; set; }

    /// <summary>Transport. Default: <see cref="SagaTransport.Grpc"/>.</summary>
    public SagaTransport Protocol { get; set; } = SagaTransport.Grpc;

    /// <summary>Logical resource (for history and logs), e.g. "stock-service". Default: the endpoint's host.</summary>
    public string? ResourceId { get; set; }
}
