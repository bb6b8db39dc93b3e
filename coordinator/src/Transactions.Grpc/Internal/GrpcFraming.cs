using System.Buffers;
using System.Buffers.Binary;

namespace Transactions.Grpc.Internal;

/// <summary>
/// The 5-byte message prefix: a compressed flag (0 or 1) and a big-endian 32-bit length.
/// </summary>
internal static class GrpcFraming
{
    public static void WriteHeader(Span<byte> destination, int length)
    {
        destination[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(destination[1..], (uint)length);
    }

    /// <summary>Reads the prefix when <paramref name="buffer"/> holds at least 5 bytes.</summary>
    public static bool TryReadHeader(in ReadOnlySequence<byte> buffer, out byte compressedFlag, out uint length)
    {
        if (buffer.Length < GrpcProtocolConstants.MessageHeaderSize)
        {
            compressedFlag = 0;
            length = 0;
            return false;
        }

        Span<byte> header = stackalloc byte[GrpcProtocolConstants.MessageHeaderSize];
        buffer.Slice(0, GrpcProtocolConstants.MessageHeaderSize).CopyTo(header);
        return TryReadHeader(header, out compressedFlag, out length);
    }

    /// <summary>Reads the prefix when <paramref name="buffer"/> holds at least 5 bytes.</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> buffer, out byte compressedFlag, out uint length)
    {
        if (buffer.Length < GrpcProtocolConstants.MessageHeaderSize)
        {
            compressedFlag = 0;
            length = 0;
            return false;
        }

        compressedFlag = buffer[0];
        length = BinaryPrimitives.ReadUInt32BigEndian(buffer[1..]);
        return true;
    }

    /// <summary>
    /// Checks a received prefix: the compressed flag (we support no compression) and the size limit.
    /// </summary>
    /// <param name="compressedFlag">The flag byte.</param>
    /// <param name="length">The message length.</param>
    /// <param name="maxSize">The receive limit.</param>
    /// <param name="encoding">The peer's <c>grpc-encoding</c> header, if any.</param>
    /// <param name="isServer">True when the server checks a request (an unsupported encoding is then Unimplemented).</param>
    /// <returns>The status to end the call with, or null when the prefix is acceptable.</returns>
    public static Status? Validate(byte compressedFlag, uint length, int maxSize, string? encoding, bool isServer)
    {
        if (compressedFlag == 1)
        {
            if (string.IsNullOrEmpty(encoding) || string.Equals(encoding, GrpcProtocolConstants.IdentityEncoding, StringComparison.OrdinalIgnoreCase))
            {
                return new Status(StatusCode.Internal, "A compressed message was received without a grpc-encoding other than identity.");
            }

            return isServer
                ? new Status(StatusCode.Unimplemented, $"Unsupported grpc-encoding value '{encoding}'. Supported encodings: identity")
                : new Status(StatusCode.Internal, $"Unsupported grpc-encoding value '{encoding}' in the response. Supported encodings: identity");
        }

        if (compressedFlag != 0)
        {
            return new Status(StatusCode.Internal, $"Invalid compressed flag {compressedFlag} in the message prefix; expected 0 or 1.");
        }

        if (length > (uint)maxSize)
        {
            return new Status(
                StatusCode.ResourceExhausted,
                $"Received message exceeds the maximum configured message size ({length} bytes > {maxSize} bytes).");
        }

        return null;
    }
}
