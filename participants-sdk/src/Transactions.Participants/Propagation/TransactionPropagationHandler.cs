using Transactions.Protocol.Tracing;

namespace Transactions.Participants;

/// <summary>
/// Outgoing HTTP propagation: adds the <c>tx-xid</c> header with the ambient XID
/// (<see cref="TransactionContext.CurrentXid"/>) to every request sent inside a global transaction, unless the
/// request already has one. Add it to an <c>IHttpClientBuilder</c> with <c>AddTransactionPropagation()</c>,
/// or wrap a handler yourself (it also works as the <c>GrpcChannelOptions.HttpHandler</c> of a Grpc.Net.Client
/// channel, so every gRPC call carries the XID as metadata; gRPC clients from <c>AddGrpcClient</c> get
/// <see cref="TransactionPropagationInterceptor"/> from <c>AddTransactionPropagation()</c> instead).
/// </summary>
public sealed class TransactionPropagationHandler : DelegatingHandler
{
    /// <summary>Creates the handler; set <see cref="DelegatingHandler.InnerHandler"/> (IHttpClientFactory does).</summary>
    public TransactionPropagationHandler()
    {
    }

    /// <summary>Creates the handler over <paramref name="innerHandler"/>.</summary>
    /// <param name="innerHandler">The handler that sends the requests, e.g. a <see cref="SocketsHttpHandler"/>.</param>
    public TransactionPropagationHandler(HttpMessageHandler innerHandler)
        : base(innerHandler)
    {
    }

    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        AddXid(request);
        return base.SendAsync(request, cancellationToken);
    }

    /// <inheritdoc />
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        AddXid(request);
        return base.Send(request, cancellationToken);
    }

    private static void AddXid(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (TransactionContext.CurrentXid is { } xid && !request.Headers.Contains(TransactionPropagation.XidHeader))
        {
            request.Headers.TryAddWithoutValidation(TransactionPropagation.XidHeader, TransactionPropagation.Format(xid));
        }

        // The trace travels with the transaction (HttpClient adds it too when its diagnostics are on).
        TraceContext.Inject(request.Headers);
    }
}
