using System.Buffers;
using System.Net;
using Google.Protobuf;

namespace Transactions.Grpc.Internal;

/// <summary>
/// The body of a unary request: one length-prefixed message. Each send serializes into its own pooled
/// buffer, returned as soon as that send's write ends, so a request retried by the handler is safe.
/// </summary>
internal sealed class GrpcRequestContent : HttpContent
{
    private readonly IMessage _message;
    private readonly int _size;

    public GrpcRequestContent(IMessage message, int size)
    {
        _message = message;
        _size = size;
        Headers.TryAddWithoutValidation("Content-Type", GrpcProtocolConstants.ContentType);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var length = GrpcProtocolConstants.MessageHeaderSize + _size;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            GrpcFraming.WriteHeader(buffer, _size);
            _message.WriteTo(buffer.AsSpan(GrpcProtocolConstants.MessageHeaderSize, _size));
            await stream.WriteAsync(buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = GrpcProtocolConstants.MessageHeaderSize + (long)_size;
        return true;
    }
}
