using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Transactions.ReliableMessage.Protocol;

/// <summary>
/// Adds an application's key to every call of the producer and consumer SDKs, in the <c>x-rm-app-key</c> metadata
/// the service authenticates (its <c>Security:Applications</c>).
/// </summary>
public sealed class ApplicationKeyCallInterceptor : Interceptor
{
    /// <summary>The metadata key (the service's <c>MessageApiSecurityOptions.KeyHeader</c>).</summary>
    public const string KeyHeader = "x-rm-app-key";

    private readonly string _key;

    /// <summary>Creates the interceptor.</summary>
    /// <param name="key">The application key (printable ASCII).</param>
    public ApplicationKeyCallInterceptor(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        _key = key;
    }

    /// <summary>Whether <paramref name="key"/> can travel as gRPC metadata: printable ASCII without spaces.</summary>
    /// <param name="key">A configured key.</param>
    /// <returns>True when usable.</returns>
    public static bool IsValidKey(string key) => !string.IsNullOrEmpty(key) && key.All(c => c is >= '!' and <= '~');

    /// <inheritdoc />
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        return continuation(request, WithKey(context));
    }

    /// <inheritdoc />
    public override TResponse BlockingUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, BlockingUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        return continuation(request, WithKey(context));
    }

    private ClientInterceptorContext<TRequest, TResponse> WithKey<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context)
        where TRequest : class
        where TResponse : class
    {
        // A copy: the caller's Metadata may be reused for its next attempt.
        var headers = new Metadata();
        foreach (var entry in context.Options.Headers ?? [])
        {
            headers.Add(entry);
        }

        headers.Add(KeyHeader, _key);
        return new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, context.Options.WithHeaders(headers));
    }
}
