using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace Transactions.Grpc.Internal;

/// <summary>The <see cref="ServerCallContext"/> of a call served by Kestrel; metadata is built on first use.</summary>
internal sealed class HttpContextServerCallContext(HttpContext httpContext, string method, DateTime deadline, CancellationToken cancellationToken)
    : ServerCallContext
{
    private Metadata? _requestHeaders;
    private Metadata? _responseTrailers;
    private string? _peer;

    public override string Method => method;

    public override string Peer => _peer ??= FormatPeer(httpContext.Connection.RemoteIpAddress, httpContext.Connection.RemotePort);

    public override DateTime Deadline => deadline;

    public override Metadata RequestHeaders => _requestHeaders ??= MetadataHeaders.FromRequest(httpContext.Request.Headers);

    public override Metadata ResponseTrailers => _responseTrailers ??= new Metadata();

    public override CancellationToken CancellationToken => cancellationToken;

    /// <summary>The trailers, or null when nobody asked for them (saves an allocation per call).</summary>
    public Metadata? ResponseTrailersOrNull => _responseTrailers;

    public override HttpContext GetHttpContext() => httpContext;

    private static string FormatPeer(IPAddress? address, int port)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6
            ? $"ipv6:[{address}]:{port}"
            : $"ipv4:{address}:{port}";
    }
}
