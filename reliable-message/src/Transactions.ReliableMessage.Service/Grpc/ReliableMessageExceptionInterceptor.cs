using Grpc.Core;
using Grpc.Core.Interceptors;
using Transactions.ReliableMessage.Errors;
using Transactions.ReliableMessage.Notifications;
using Transactions.ReliableMessage.Service.Security;

namespace Transactions.ReliableMessage.Service.Grpc;

/// <summary>
/// Maps the engine's errors to gRPC statuses with their message (never a stack trace): not found -> NotFound,
/// wrong state -> FailedPrecondition, invalid request -> InvalidArgument, refused by the application keys ->
/// Unauthenticated or PermissionDenied, any other engine error -> Internal.
/// Other exceptions pass through to the gRPC server (Unknown, without detail).
/// </summary>
public sealed class ReliableMessageExceptionInterceptor : Interceptor
{
    /// <inheritdoc />
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (ReliableMessageException ex)
        {
            throw ToRpcException(ex);
        }
    }

    /// <summary>The status of an engine error.</summary>
    /// <param name="exception">The engine error.</param>
    /// <returns>The exception that ends the call with that status; the engine error is its inner exception.</returns>
    public static RpcException ToRpcException(ReliableMessageException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var code = exception switch
        {
            MessageNotFoundException or NotificationNotFoundException => StatusCode.NotFound,
            MessageStateException => StatusCode.FailedPrecondition,
            InvalidMessageRequestException => StatusCode.InvalidArgument,
            MessageApiAccessException { Unauthenticated: true } => StatusCode.Unauthenticated,
            MessageApiAccessException => StatusCode.PermissionDenied,
            _ => StatusCode.Internal,
        };
        return new RpcException(new Status(code, exception.Message, exception));
    }
}
