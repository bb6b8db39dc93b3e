using Transactions.Grpc;
using Transactions.ReliableMessage.Errors;

namespace Transactions.ReliableMessage.Service.Grpc;

/// <summary>Maps engine errors to gRPC statuses with their message (never a stack trace).</summary>
internal static class StatusMapping
{
    public static RpcException ToRpcException(ReliableMessageException exception) => exception switch
    {
        MessageNotFoundException => new RpcException(StatusCode.NotFound, exception.Message),
        MessageStateException => new RpcException(StatusCode.FailedPrecondition, exception.Message),
        InvalidMessageRequestException => new RpcException(StatusCode.InvalidArgument, exception.Message),
        _ => new RpcException(StatusCode.Internal, exception.Message),
    };

    /// <summary>Runs <paramref name="call"/>, turning engine errors into RpcExceptions.</summary>
    public static async Task<T> RunAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (ReliableMessageException ex)
        {
            throw ToRpcException(ex);
        }
    }
}
