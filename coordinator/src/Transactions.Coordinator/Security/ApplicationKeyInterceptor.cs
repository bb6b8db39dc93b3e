using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Transactions.Coordinator.Security;

/// <summary>
/// Authenticates TC calls (<c>transactions.v1.*</c>) by the application key in the <c>x-tx-app-key</c> metadata: a
/// known key makes its application the caller (<see cref="CallerApplication"/>); an unknown key, or no key when keys
/// are required, ends the call with Unauthenticated before the request reaches the engine.
/// </summary>
internal sealed class ApplicationKeyInterceptor(ApplicationKeyRing ring) : Interceptor
{
    private const string TcMethodPrefix = "/transactions.v1.";

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        Authenticate(context);
        return continuation(request, context);
    }

    private void Authenticate(ServerCallContext context)
    {
        if (!context.Method.StartsWith(TcMethodPrefix, StringComparison.Ordinal))
        {
            return;
        }

        var key = context.RequestHeaders.GetValue(ApplicationSecurityOptions.KeyHeader);
        if (string.IsNullOrEmpty(key))
        {
            if (ring.RequireKeys)
            {
                throw new RpcException(new Status(StatusCode.Unauthenticated, $"This coordinator requires an application key: send it in the '{ApplicationSecurityOptions.KeyHeader}' metadata (participants SDK: TransactionsOptions.ApplicationKey)."));
            }

            return;
        }

        var application = ring.Match(key)
            ?? throw new RpcException(new Status(StatusCode.Unauthenticated, $"The application key in '{ApplicationSecurityOptions.KeyHeader}' is not known to this coordinator (Security:Applications)."));
        CallerApplication.Set(context, application);
    }
}
