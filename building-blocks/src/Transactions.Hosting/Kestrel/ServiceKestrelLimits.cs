using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;

namespace Transactions.Hosting.Kestrel;

/// <summary>
/// Kestrel limits both services run with, chosen so that one client cannot exhaust a service. Each is a default:
/// a value under <c>Kestrel:Limits</c> in configuration (e.g. <c>Kestrel:Limits:Http2:MaxStreamsPerConnection</c>)
/// wins. Request body sizes of gRPC calls are limited per message by <c>Grpc:MaxReceiveMessageSize</c>.
/// </summary>
public static class ServiceKestrelLimits
{
    /// <summary>Open connections at most: 10,000 (Kestrel: unlimited).</summary>
    public const long MaxConcurrentConnections = 10_000;

    /// <summary>Concurrent HTTP/2 streams (calls) per connection: 100; further streams wait for the client to see the limit.</summary>
    public const int MaxStreamsPerConnection = 100;

    /// <summary>Largest request header field (name + value, after HPACK decoding): 16 KiB.</summary>
    public const int MaxRequestHeaderFieldSize = 16 * 1024;

    /// <summary>All request headers together: 32 KiB.</summary>
    public const int MaxRequestHeadersTotalSize = 32 * 1024;

    /// <summary>HPACK dynamic table size: 4 KiB.</summary>
    public const int HeaderTableSize = 4096;

    /// <summary>Largest HTTP/2 frame payload: 16 KiB (the protocol's minimum maximum).</summary>
    public const int MaxFrameSize = 16 * 1024;

    /// <summary>Request body bytes buffered per connection before the client must wait: 1 MiB.</summary>
    public const int InitialConnectionWindowSize = 1024 * 1024;

    /// <summary>Request body bytes buffered per stream before the client must wait: 768 KiB.</summary>
    public const int InitialStreamWindowSize = 768 * 1024;

    /// <summary>An idle connection is pinged after 30 s, so dead peers are found.</summary>
    public static readonly TimeSpan KeepAlivePingDelay = TimeSpan.FromSeconds(30);

    /// <summary>A connection whose ping is not answered within 20 s is closed.</summary>
    public static readonly TimeSpan KeepAlivePingTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Headers of a request must arrive within 30 s.</summary>
    public static readonly TimeSpan RequestHeadersTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Applies the defaults above to Kestrel, each only when configuration does not set it.
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <returns>The same builder.</returns>
    public static WebApplicationBuilder ConfigureServiceKestrelLimits(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configured = builder.Configuration.GetSection("Kestrel:Limits");
        builder.WebHost.ConfigureKestrel(options =>
        {
            var limits = options.Limits;
            var http2 = limits.Http2;
            Default(configured, nameof(KestrelServerLimits.MaxConcurrentConnections), () => limits.MaxConcurrentConnections = MaxConcurrentConnections);
            Default(configured, nameof(KestrelServerLimits.MaxRequestHeadersTotalSize), () => limits.MaxRequestHeadersTotalSize = MaxRequestHeadersTotalSize);
            Default(configured, nameof(KestrelServerLimits.RequestHeadersTimeout), () => limits.RequestHeadersTimeout = RequestHeadersTimeout);
            var h2 = configured.GetSection(nameof(KestrelServerLimits.Http2));
            Default(h2, nameof(Http2Limits.MaxStreamsPerConnection), () => http2.MaxStreamsPerConnection = MaxStreamsPerConnection);
            Default(h2, nameof(Http2Limits.MaxRequestHeaderFieldSize), () => http2.MaxRequestHeaderFieldSize = MaxRequestHeaderFieldSize);
            Default(h2, nameof(Http2Limits.HeaderTableSize), () => http2.HeaderTableSize = HeaderTableSize);
            Default(h2, nameof(Http2Limits.MaxFrameSize), () => http2.MaxFrameSize = MaxFrameSize);
            Default(h2, nameof(Http2Limits.InitialConnectionWindowSize), () => http2.InitialConnectionWindowSize = InitialConnectionWindowSize);
            Default(h2, nameof(Http2Limits.InitialStreamWindowSize), () => http2.InitialStreamWindowSize = InitialStreamWindowSize);
            Default(h2, nameof(Http2Limits.KeepAlivePingDelay), () => http2.KeepAlivePingDelay = KeepAlivePingDelay);
            Default(h2, nameof(Http2Limits.KeepAlivePingTimeout), () => http2.KeepAlivePingTimeout = KeepAlivePingTimeout);
        });
        return builder;
    }

    private static void Default(IConfiguration section, string key, Action apply)
    {
        if (section[key] is null)
        {
            apply();
        }
    }
}
