namespace Transactions.Participants.Coordinator;

/// <summary>
/// The primary handler of the coordinator's gRPC clients: sends through <c>inner</c> without exposing it. Not a
/// <see cref="DelegatingHandler"/>, so Grpc.Net.Client sees a custom handler and uses its passive transport: every
/// call goes through the handler's own connection pool, and a refused connection fails only that call (the SDK's
/// retries pace the next attempts), instead of a subchannel that, after failed connects, fails every call until its
/// reconnect backoff (up to 2 minutes) has passed. It also never installs its connect callback on an application's
/// <see cref="SocketsHttpHandler"/>. With <c>disposeInner</c> false it leaves <c>inner</c> alone when the HTTP client
/// factory disposes it (<see cref="TransactionsOptions.CoordinatorHttpHandler"/> belongs to the application).
/// </summary>
internal sealed class OpaqueHttpHandler(HttpMessageHandler inner, bool disposeInner) : HttpMessageHandler
{
    private readonly HttpMessageInvoker _invoker = new(inner, disposeInner);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        _invoker.SendAsync(request, cancellationToken);

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        _invoker.Send(request, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // Disposes inner only when this handler owns it (disposeInner).
            _invoker.Dispose();
        }

        base.Dispose(disposing);
    }
}
