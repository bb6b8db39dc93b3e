namespace Transactions.Grpc.Tests.Infrastructure;

/// <summary>What a raw HTTP/2 request to the server got back.</summary>
public sealed record RawGrpcResponse(
    int HttpStatus, IReadOnlyDictionary<string, string> Headers, IReadOnlyDictionary<string, string> Trailers, byte[] Body)
{
    /// <summary>grpc-status from the trailers, or from the headers of a trailers-only response.</summary>
    public string? GrpcStatus => Trailers.GetValueOrDefault("grpc-status") ?? Headers.GetValueOrDefault("grpc-status");

    /// <summary>grpc-message as sent (percent-encoded).</summary>
    public string? GrpcMessage => Trailers.GetValueOrDefault("grpc-message") ?? Headers.GetValueOrDefault("grpc-message");
}
