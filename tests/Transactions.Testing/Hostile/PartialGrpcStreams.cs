using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;

namespace Transactions.Testing.Hostile;

/// <summary>
/// A hostile client: many gRPC calls over a few HTTP/2 connections, each announcing a large message in its frame
/// header, sending part of it, then sending nothing more (the stream stays open). Disposing cancels every call and
/// closes the connections.
/// </summary>
public sealed class PartialGrpcStreams : IAsyncDisposable
{
    private readonly List<HttpClient> _clients = [];
    private readonly List<Task> _calls = [];
    private readonly CancellationTokenSource _stop = new();
    private int _started;

    private PartialGrpcStreams()
    {
    }

    /// <summary>Streams whose first bytes the server has taken (their request content started sending).</summary>
    public int Started => Volatile.Read(ref _started);

    /// <summary>
    /// Opens <paramref name="connections"/> connections to <paramref name="address"/> and <paramref name="streamsPerConnection"/>
    /// calls of <paramref name="path"/> on each, each announcing <paramref name="announcedBytes"/> and sending <paramref name="sentBytes"/>.
    /// </summary>
    public static PartialGrpcStreams Open(string address, string path, int connections, int streamsPerConnection, int announcedBytes, int sentBytes)
    {
        var streams = new PartialGrpcStreams();
        for (var c = 0; c < connections; c++)
        {
            var client = new HttpClient(new SocketsHttpHandler { EnableMultipleHttp2Connections = false }) { BaseAddress = new Uri(address), Timeout = Timeout.InfiniteTimeSpan };
            streams._clients.Add(client);
            for (var s = 0; s < streamsPerConnection; s++)
            {
                streams._calls.Add(streams.CallAsync(client, path, announcedBytes, sentBytes));
            }
        }

        return streams;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Task.WhenAll(_calls).WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException or TimeoutException)
        {
        }

        _clients.ForEach(c => c.Dispose());
        _stop.Dispose();
    }

    private async Task CallAsync(HttpClient client, string path, int announcedBytes, int sentBytes)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new StallingContent(announcedBytes, sentBytes, () => Interlocked.Increment(ref _started), _stop.Token),
        };
        request.Headers.TryAddWithoutValidation("te", "trailers");
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, _stop.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException)
        {
            // Cancelled by DisposeAsync, or the server gave up on the stream (its body data rate or read deadline).
        }
    }

    /// <summary>A gRPC request body that announces <c>announcedBytes</c>, sends <c>sentBytes</c> of them and stalls.</summary>
    private sealed class StallingContent : HttpContent
    {
        private readonly int _announcedBytes;
        private readonly int _sentBytes;
        private readonly Action _started;
        private readonly CancellationToken _stop;

        public StallingContent(int announcedBytes, int sentBytes, Action started, CancellationToken stop)
        {
            (_announcedBytes, _sentBytes, _started, _stop) = (announcedBytes, sentBytes, started, stop);
            Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            var header = new byte[5];
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(1), (uint)_announcedBytes);
            await stream.WriteAsync(header, cancellationToken);
            await stream.WriteAsync(new byte[_sentBytes], cancellationToken);
            await stream.FlushAsync(cancellationToken);
            _started();
            await Task.Delay(Timeout.Infinite, _stop); // never finishes the message
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
