namespace Transactions.Grpc.Tests.Infrastructure;

/// <summary>An interceptor that lets calls through only with <c>x-api-key: let-me-in</c>.</summary>
public sealed class RequireApiKeyInterceptor : IGrpcServerInterceptor
{
    public ValueTask InterceptAsync(ServerCallContext context)
    {
        if (context.RequestHeaders.GetValue("x-api-key") != "let-me-in")
        {
            throw new RpcException(StatusCode.Unauthenticated, "x-api-key is missing or wrong.");
        }

        return ValueTask.CompletedTask;
    }
}
