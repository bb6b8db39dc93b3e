using Microsoft.Extensions.Logging;

namespace Transactions.Grpc.Internal;

/// <summary>Source-generated log messages of the server side (category <c>Transactions.Grpc.Server</c>).</summary>
internal static partial class GrpcServerLog
{
    public const string CategoryName = "Transactions.Grpc.Server";

    [LoggerMessage(EventId = 1, EventName = "ErrorExecutingServiceMethod", Level = LogLevel.Error,
        Message = "Error when executing service method '{Method}'.")]
    public static partial void ErrorExecutingServiceMethod(ILogger logger, string method, Exception exception);

    [LoggerMessage(EventId = 2, EventName = "RpcStatus", Level = LogLevel.Debug,
        Message = "Call '{Method}' ended with status {StatusCode}: {Detail}")]
    public static partial void RpcStatus(ILogger logger, string method, StatusCode statusCode, string detail);

    [LoggerMessage(EventId = 3, EventName = "DeadlineExceeded", Level = LogLevel.Debug,
        Message = "Call '{Method}' exceeded its deadline {Deadline:O}.")]
    public static partial void DeadlineExceeded(ILogger logger, string method, DateTime deadline);

    [LoggerMessage(EventId = 4, EventName = "InvalidTimeoutIgnored", Level = LogLevel.Debug,
        Message = "Ignoring invalid grpc-timeout header value '{Timeout}' of call '{Method}'.")]
    public static partial void InvalidTimeoutIgnored(ILogger logger, string timeout, string method);

    [LoggerMessage(EventId = 5, EventName = "UnsupportedContentType", Level = LogLevel.Information,
        Message = "Request content-type '{ContentType}' of '{Method}' is not supported; answered 415.")]
    public static partial void UnsupportedContentType(ILogger logger, string? contentType, string method);

    [LoggerMessage(EventId = 6, EventName = "UnsupportedProtocol", Level = LogLevel.Information,
        Message = "Request protocol '{Protocol}' of '{Method}' is not supported (gRPC needs HTTP/2); answered 426.")]
    public static partial void UnsupportedProtocol(ILogger logger, string protocol, string method);

    [LoggerMessage(EventId = 7, EventName = "CallCancelledByClient", Level = LogLevel.Debug,
        Message = "Call '{Method}' was cancelled by the client or its connection closed.")]
    public static partial void CallCancelledByClient(ILogger logger, string method);

    [LoggerMessage(EventId = 8, EventName = "HandlerFailedAfterCallEnded", Level = LogLevel.Debug,
        Message = "Handler of '{Method}' ended with an error after the call had already ended.")]
    public static partial void HandlerFailedAfterCallEnded(ILogger logger, string method, Exception exception);
}
