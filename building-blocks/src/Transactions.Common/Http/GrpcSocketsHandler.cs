using System.Net;

namespace Transactions.Common.Http;

/// <summary>
/// The one set of connection settings every gRPC caller of the product uses (coordinator -> participants, SDK ->
/// coordinator, reliable-message service -> producers and consumers): HTTP/2 with several connections per endpoint
/// when one is full, keep-alive pings while calls are active (dead peers are found in about 90 s), idle connections
/// closed after 5 minutes, a 20 s connect timeout, and no proxy, cookies, redirects or decompression.
/// </summary>
public static class GrpcSocketsHandler
{
    /// <summary>Creates a handler with the settings above; the caller owns (and disposes) it.</summary>
    /// <returns>A new handler.</returns>
    public static SocketsHttpHandler Create() => new()
    {
        EnableMultipleHttp2Connections = true,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(20),
        KeepAlivePingDelay = TimeSpan.FromSeconds(60),
        KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
        KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
        AutomaticDecompression = DecompressionMethods.None,
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
    };
}
