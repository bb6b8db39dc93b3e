namespace Transactions.Grpc.Internal;

/// <summary>
/// Maps transport-level signals to status codes for responses that carry no <c>grpc-status</c>
/// (http-grpc-status-mapping.md) and for HTTP/2 RST_STREAM error codes (PROTOCOL-HTTP2.md).
/// </summary>
internal static class HttpStatusMapping
{
    public static StatusCode FromHttpStatus(int httpStatus) => httpStatus switch
    {
        400 => StatusCode.Internal,
        401 => StatusCode.Unauthenticated,
        403 => StatusCode.PermissionDenied,
        404 => StatusCode.Unimplemented,
        429 or 502 or 503 or 504 => StatusCode.Unavailable,
        431 => StatusCode.Internal,
        >= 100 and < 200 => StatusCode.Internal,
        _ => StatusCode.Unknown,
    };

    public static StatusCode FromHttp2ErrorCode(long errorCode) => errorCode switch
    {
        0x7 => StatusCode.Unavailable, // REFUSED_STREAM: not processed, may be retried
        0x8 => StatusCode.Cancelled, // CANCEL
        0xB => StatusCode.ResourceExhausted, // ENHANCE_YOUR_CALM
        0xC => StatusCode.PermissionDenied, // INADEQUATE_SECURITY
        _ => StatusCode.Internal, // NO_ERROR, PROTOCOL_ERROR, INTERNAL_ERROR, FLOW_CONTROL_ERROR, ...
    };

    /// <summary>Parses <c>grpc-status</c>: a decimal code; codes outside 0-16 and garbage become Unknown.</summary>
    public static StatusCode ParseStatusCode(string? value) =>
        int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code)
        && code is >= 0 and <= (int)StatusCode.Unauthenticated
            ? (StatusCode)code
            : StatusCode.Unknown;
}
