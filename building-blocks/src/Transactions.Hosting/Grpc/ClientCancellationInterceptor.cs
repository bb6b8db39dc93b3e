using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace Transactions.Hosting.Grpc;

/// <summary>
/// A call the client gave up on (cancelled, deadline passed, stream reset) ends its handler with an
/// <see cref="OperationCanceledException"/>; Grpc.AspNetCore would log that with its stack trace. This turns it into
/// the Cancelled status it is and logs one Debug line naming the method: normal life, not a server fault.
/// </summary>
public sealed partial class ClientCancellationInterceptor(ILogger<ClientCancellationInterceptor> logger) : Interceptor
{
    /// <inheritdoc />
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            LogClientCancelled(logger, context.Method);
            throw new RpcException(new Status(StatusCode.Cancelled, "The client cancelled the call."));
        }
    }

    [LoggerMessage(EventId = 30, Level = LogLevel.Debug, Message = "The client cancelled {Method} (or its deadline passed) before the answer")]
    private static partial void LogClientCancelled(ILogger logger, string method);
}
