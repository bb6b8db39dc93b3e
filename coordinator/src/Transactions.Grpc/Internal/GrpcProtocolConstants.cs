namespace Transactions.Grpc.Internal;

/// <summary>Header names and values of the gRPC over HTTP/2 protocol.</summary>
internal static class GrpcProtocolConstants
{
    public const string ContentType = "application/grpc";
    public const string ContentTypeProto = "application/grpc+proto";
    public const string StatusHeader = "grpc-status";
    public const string MessageHeader = "grpc-message";
    public const string TimeoutHeader = "grpc-timeout";
    public const string EncodingHeader = "grpc-encoding";
    public const string AcceptEncodingHeader = "grpc-accept-encoding";
    public const string IdentityEncoding = "identity";
    public const string TeHeader = "te";
    public const string TeTrailers = "trailers";
    public const string UserAgentHeader = "user-agent";
    public const string UserAgent = "grpc-dotnet-transactions/1.0";
    public const int MessageHeaderSize = 5;

    /// <summary>The longest delay a timer-backed <see cref="CancellationTokenSource"/> accepts, rounded down.</summary>
    public static readonly TimeSpan MaxTimerDelay = TimeSpan.FromMilliseconds(int.MaxValue);

    /// <summary>
    /// True for <c>application/grpc</c> and <c>application/grpc+proto</c>, case-insensitive, with optional parameters.
    /// </summary>
    public static bool IsGrpcContentType(string? contentType)
    {
        if (contentType is null || !contentType.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = contentType.AsSpan(ContentType.Length);
        if (rest.StartsWith("+proto", StringComparison.OrdinalIgnoreCase))
        {
            rest = rest["+proto".Length..];
        }

        rest = rest.TrimStart();
        return rest.IsEmpty || rest[0] == ';';
    }
}
