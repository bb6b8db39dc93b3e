namespace Transactions.Grpc.Internal;

/// <summary>Collects the metadata of a call for <see cref="GrpcChannel.UnaryWithMetadataAsync{TRequest, TResponse}"/>.</summary>
internal sealed class ReceivedMetadata
{
    public Metadata? Headers { get; private set; }

    public Metadata? Trailers { get; private set; }

    public void Set(Metadata headers, Metadata trailers)
    {
        Headers = headers;
        Trailers = trailers;
    }
}
