using Transactions.Grpc.Internal;

namespace Transactions.Grpc;

/// <summary>
/// Options of a <see cref="GrpcChannel"/>.
/// </summary>
public sealed class GrpcChannelOptions
{
    /// <summary>
    /// The HTTP handler to send calls with; the channel does not dispose a handler given here. Default: null, meaning
    /// a <see cref="SocketsHttpHandler"/> owned by the channel with multiple HTTP/2 connections enabled, a 5 minute
    /// pooled-connection idle timeout, a 20 second connect timeout, HTTP/2 keep-alive pings (60 s delay, 30 s timeout,
    /// while calls are active), and no proxy, cookies, redirects or decompression.
    /// </summary>
    public HttpMessageHandler? HttpHandler { get; set; }

    /// <summary>The largest response message the channel accepts, in bytes. Default: 4 MiB (4,194,304).</summary>
    public int MaxReceiveMessageSize { get; set; } = GrpcDefaults.MaxReceiveMessageSize;

    /// <summary>The largest request message the channel sends, in bytes; unlimited when null. Default: null.</summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>The clock deadlines are measured with. Default: <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
