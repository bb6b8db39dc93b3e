using Grpc.Core;
using Grpc.Core.Interceptors;
using Transactions.Coordinator.Errors;

namespace Transactions.Coordinator.Grpc;

/// <summary>
/// Maps the engine's errors to gRPC statuses with their message (never a stack trace): unknown transaction ->
/// NotFound, no longer active / decision taken -> FailedPrecondition, bad input -> InvalidArgument (naming the field).
/// Anything else is left to Grpc.AspNetCore, which answers Internal "Exception was thrown by handler." and logs it.
/// </summary>
internal sealed class CoordinatorErrorInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (CoordinatorException ex)
        {
            throw ToRpcException(ex);
        }
    }

    public static RpcException ToRpcException(CoordinatorException exception) => exception switch
    {
        TransactionNotFoundException => new RpcException(new Status(StatusCode.NotFound, exception.Message)),
        TransactionStateException => new RpcException(new Status(StatusCode.FailedPrecondition, exception.Message)),
        InvalidRequestException => new RpcException(new Status(StatusCode.InvalidArgument, exception.Message)),
        _ => new RpcException(new Status(StatusCode.Internal, exception.Message)),
    };
}
