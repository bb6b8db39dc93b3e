using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Transactions.Participants;

/// <summary>
/// Outgoing gRPC propagation: adds the <c>tx-xid</c> metadata with the ambient XID
/// (<see cref="TransactionContext.CurrentXid"/>) to every call started inside a global transaction, unless the call's
/// headers already carry one (see <see cref="TransactionCallOptionsExtensions.WithTransaction"/>). Register it with
/// <c>services.AddGrpcClient&lt;TClient&gt;(...).AddTransactionPropagation()</c>, or intercept a channel yourself:
/// <c>new TClient(channel.Intercept(new TransactionPropagationInterceptor()))</c>. Stateless and thread-safe.
/// </summary>
public sealed class TransactionPropagationInterceptor : Interceptor
{
    /// <inheritdoc />
    public override TResponse BlockingUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, BlockingUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        return continuation(request, WithTransaction(context));
    }

    /// <inheritdoc />
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        return continuation(request, WithTransaction(context));
    }

    /// <inheritdoc />
    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        return continuation(request, WithTransaction(context));
    }

    /// <inheritdoc />
    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context, AsyncClientStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        return continuation(WithTransaction(context));
    }

    /// <inheritdoc />
    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context, AsyncDuplexStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        return continuation(WithTransaction(context));
    }

    private static ClientInterceptorContext<TRequest, TResponse> WithTransaction<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context)
        where TRequest : class
        where TResponse : class
    {
        if (TransactionContext.CurrentXid is null)
        {
            return context;
        }

        var options = context.Options.WithTransaction();
        return new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, options);
    }
}
