using System.Collections.Concurrent;
using Grpc.Net.Client;
using Transactions.Common.Http;

namespace Transactions.ReliableMessage.Channels;

/// <summary>
/// gRPC channels to addresses known only at run time (producers' check endpoints, consumer groups' push endpoints):
/// one channel per address, created on first use and reused (calls are multiplexed on its HTTP/2 connections), all
/// sending through one <see cref="SocketsHttpHandler"/> owned here. Disposing closes the channels and the handler.
/// </summary>
internal sealed class GrpcEndpointChannels : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<GrpcChannel>> _channels = new(StringComparer.Ordinal);
    private readonly SocketsHttpHandler _handler = GrpcSocketsHandler.Create();

    private int _disposed;

    /// <summary>The channel to <paramref name="address"/> (an absolute <c>http://</c> or <c>https://</c> address).</summary>
    /// <param name="address">The endpoint's base address.</param>
    /// <returns>The shared channel; do not dispose it.</returns>
    /// <exception cref="ObjectDisposedException">Disposed.</exception>
    public GrpcChannel Get(string address)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _channels.GetOrAdd(address, static (a, handler) => new Lazy<GrpcChannel>(() => GrpcChannel.ForAddress(a, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = false,
            // While an endpoint cannot be reached its channel fails calls at once and reconnects with backoff (gRPC's
            // default grows to 2 minutes); capped so an endpoint that is back is called again within seconds.
            InitialReconnectBackoff = TimeSpan.FromMilliseconds(200),
            MaxReconnectBackoff = TimeSpan.FromSeconds(5),
        })), _handler).Value;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var channel in _channels.Values)
        {
            if (channel.IsValueCreated)
            {
                channel.Value.Dispose();
            }
        }

        _channels.Clear();
        _handler.Dispose();
    }
}
