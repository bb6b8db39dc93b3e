using Transactions.Coordinator.Errors;
using Transactions.Grpc;

namespace Transactions.Coordinator.Grpc;

/// <summary>Maps engine errors to gRPC statuses with their message (never a stack trace).</summary>
internal static class StatusMapping
{
    public static RpcException ToRpcException(CoordinatorException exception) => exception switch
    {
        TransactionNotFoundException => new RpcException(StatusCode.NotFound, exception.Message),
        TransactionStateException => new RpcException(StatusCode.FailedPrecondition, exception.Message),
        InvalidRequestException => new RpcException(StatusCode.InvalidArgument, exception.Message),
        _ => new RpcException(StatusCode.Internal, exception.Message),
    };

    /// <summary>Runs <paramref name="call"/>, turning engine errors into RpcExceptions.</summary>
    public static async Task<T> RunAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (CoordinatorException ex)
        {
            throw ToRpcException(ex);
        }
    }
}
