using System.Net;
using System.Net.Http.Headers;
using Grpc.Core;
using Transactions.Protocol.V1;
using Transactions.Testing;
using Xunit;

namespace Transactions.Coordinator.IntegrationTests;

/// <summary>
/// The coordinator's gRPC server (Grpc.AspNetCore) against hostile input over real HTTP/2 sockets: an oversize message,
/// malformed frames and unknown methods each end with a clean gRPC status (no stack trace, no HTTP 500), and the
/// service keeps serving valid calls afterwards.
/// </summary>
public sealed class GrpcHostileInputTests : IAsyncLifetime
{
    private CoordinatorProcess _coordinator = null!;
    private HttpClient _raw = null!;

    public async Task InitializeAsync()
    {
        _coordinator = await CoordinatorProcess.StartAsync("Sqlite", $"Data Source={Path.Combine(Path.GetTempPath(), $"tx-hostile-{Guid.NewGuid():N}.db")}");
        _raw = new HttpClient(new SocketsHttpHandler())
        {
            BaseAddress = new Uri(_coordinator.GrpcAddress),
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public async Task DisposeAsync()
    {
        _raw.Dispose();
        await _coordinator.DisposeAsync();
    }

    [Fact]
    public async Task TwentyMegabyteMessage_ResourceExhausted_ThenServing()
    {
        var huge = new string('x', 20 * 1024 * 1024);

        var error = await Assert.ThrowsAsync<RpcException>(() => _coordinator.Tm.BeginAsync(new BeginRequest { Name = huge }).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.DoesNotContain(" at ", error.Status.Detail, StringComparison.Ordinal);
        await AssertServingAsync();
    }

    [Fact]
    public async Task GarbageMessageBytes_CleanError_ThenServing()
    {
        // A well-framed message whose payload is not protobuf (0xFF... is an invalid tag/varint).
        await AssertCleanErrorThenServingAsync([0, 0, 0, 0, 6, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]);
    }

    [Fact]
    public async Task TruncatedFrame_CleanError_ThenServing()
    {
        // The frame header announces 1,000 bytes; the stream ends after 3.
        await AssertCleanErrorThenServingAsync([0, 0, 0, 0x03, 0xE8, 1, 2, 3]);
    }

    [Fact]
    public async Task UnknownMethod_Unimplemented_ThenServing()
    {
        var (_, status, _) = await SendRawAsync("/transactions.v1.TransactionManager/DropAllTables", [0, 0, 0, 0, 0]);
        var (_, serviceStatus, _) = await SendRawAsync("/no.such.Service/Call", [0, 0, 0, 0, 0]);

        Assert.Equal((int)StatusCode.Unimplemented, status);
        Assert.Equal((int)StatusCode.Unimplemented, serviceStatus);
        await AssertServingAsync();
    }

    /// <summary>Sends <paramref name="body"/> to Begin: a gRPC error status (HTTP 200, no stack trace), then a valid call works.</summary>
    private async Task AssertCleanErrorThenServingAsync(byte[] body)
    {
        var (http, status, message) = await SendRawAsync("/transactions.v1.TransactionManager/Begin", body);

        Assert.Equal(HttpStatusCode.OK, http);
        Assert.NotNull(status);
        Assert.NotEqual((int)StatusCode.OK, status);
        Assert.DoesNotContain(" at ", message ?? string.Empty, StringComparison.Ordinal);
        await AssertServingAsync();
    }

    private async Task AssertServingAsync()
    {
        var begin = await _coordinator.Tm.BeginAsync(new BeginRequest { Name = "still-serving", TimeoutMs = 30_000 });
        Assert.Equal(GlobalStatus.Active, begin.Status);
    }

    /// <summary>POSTs raw bytes as a gRPC request; returns the HTTP status and the grpc-status/grpc-message (trailers or trailers-only headers).</summary>
    private async Task<(HttpStatusCode Http, int? Status, string? Message)> SendRawAsync(string path, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new ByteArrayContent(body),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        using var response = await _raw.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        await response.Content.ReadAsByteArrayAsync();
        var status = Header(response.TrailingHeaders, "grpc-status") ?? Header(response.Headers, "grpc-status");
        var message = Header(response.TrailingHeaders, "grpc-message") ?? Header(response.Headers, "grpc-message");
        return (response.StatusCode, status is null ? null : int.Parse(status, System.Globalization.CultureInfo.InvariantCulture), message);
    }

    private static string? Header(HttpHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
