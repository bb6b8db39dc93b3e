namespace Transactions.Grpc;

/// <summary>
/// Runs before every unary handler mapped with <c>MapGrpcUnary</c>, e.g. to check credentials in
/// <see cref="ServerCallContext.RequestHeaders"/>. Register implementations in DI (any lifetime); all
/// registered interceptors run in registration order, before the request message is read.
/// </summary>
public interface IGrpcServerInterceptor
{
    /// <summary>
    /// Inspects the call. Throw <see cref="RpcException"/> to end the call with that status (for example
    /// <see cref="StatusCode.Unauthenticated"/>); the handler then does not run. Any other exception ends the
    /// call with <see cref="StatusCode.Internal"/>.
    /// </summary>
    /// <param name="context">The call context; its <see cref="ServerCallContext.CancellationToken"/> covers the call.</param>
    /// <returns>A task that completes when the check is done.</returns>
    ValueTask InterceptAsync(ServerCallContext context);
}
