using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;

namespace Transactions.Grpc.Tests.Infrastructure;

/// <summary>A plain HttpClient over h2c, to send hand-made (and malformed) gRPC requests.</summary>
public sealed class RawGrpcClient : IDisposable
{
    private readonly HttpClient _client;

    public RawGrpcClient(Uri address)
    {
        _client = new HttpClient(new SocketsHttpHandler { UseProxy = false })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public static byte[] Frame(IMessage message, byte compressedFlag = 0)
    {
        var payload = message.ToByteArray();
        var frame = new byte[5 + payload.Length];
        frame[0] = compressedFlag;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }

    public async Task<RawGrpcResponse> PostAsync(
        string path, byte[] body, string contentType = "application/grpc", IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.TryAddWithoutValidation("te", "trailers");
        foreach (var header in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        using var response = await _client.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var responseHeaders = ToDictionary(response.Headers);
        foreach (var header in ToDictionary(response.Content.Headers))
        {
            responseHeaders[header.Key] = header.Value;
        }

        return new RawGrpcResponse((int)response.StatusCode, responseHeaders, ToDictionary(response.TrailingHeaders), bytes);
    }

    public void Dispose() => _client.Dispose();

    private static Dictionary<string, string> ToDictionary(HttpHeaders headers) =>
        headers.NonValidated.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
}
