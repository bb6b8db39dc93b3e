namespace Transactions.Protocol.Tracing;

/// <summary>
/// Adds the W3C trace context of <see cref="System.Diagnostics.Activity.Current"/> to every outgoing request, so the
/// server's span is a child of the caller's span (and not of HttpClient's own, usually unexported, request activity).
/// </summary>
public sealed class TraceContextHandler : DelegatingHandler
{
    /// <summary>Creates the handler; set <see cref="DelegatingHandler.InnerHandler"/> or add it to an HttpClient builder.</summary>
    public TraceContextHandler()
    {
    }

    /// <summary>Creates the handler over <paramref name="innerHandler"/>.</summary>
    /// <param name="innerHandler">The handler that sends the request.</param>
    public TraceContextHandler(HttpMessageHandler innerHandler)
        : base(innerHandler)
    {
    }

    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        TraceContext.Inject(request.Headers);
        return base.SendAsync(request, cancellationToken);
    }

    /// <inheritdoc />
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        TraceContext.Inject(request.Headers);
        return base.Send(request, cancellationToken);
    }
}
