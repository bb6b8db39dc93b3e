using Transactions.Grpc;

namespace Transactions.Coordinator.Security;

/// <summary>
/// Authenticates TC calls (<c>transactions.v1.*</c>) by the application key in the <c>x-tx-app-key</c> metadata: a
/// known key makes its application the caller (<see cref="CallerApplication"/>); an unknown key, or no key when keys
/// are required, ends the call with Unauthenticated.
/// </summary>
internal sealed class ApplicationKeyInterceptor(ApplicationKeyRing ring) : IGrpcServerInterceptor
{
    private const string TcMethodPrefix = "/transactions.v1.";

    public ValueTask InterceptAsync(ServerCallContext context)
    {
        if (!context.Method.StartsWith(TcMethodPrefix, StringComparison.Ordinal))
        {
            return ValueTask.CompletedTask;
        }

        var key = context.RequestHeaders.GetValue(ApplicationSecurityOptions.KeyHeader);
        if (string.IsNullOrEmpty(key))
        {
            return ring.RequireKeys
                ? throw new RpcException(StatusCode.Unauthenticated, $"This coordinator requires an application key: send it in the '{ApplicationSecurityOptions.KeyHeader}' metadata (participants SDK: TransactionsOptions.ApplicationKey).")
                : ValueTask.CompletedTask;
        }

        var application = ring.Match(key)
            ?? throw new RpcException(StatusCode.Unauthenticated, $"The application key in '{ApplicationSecurityOptions.KeyHeader}' is not known to this coordinator (Security:Applications).");
        CallerApplication.Set(context, application);
        return ValueTask.CompletedTask;
    }
}
