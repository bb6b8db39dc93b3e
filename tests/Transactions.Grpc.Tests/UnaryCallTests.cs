using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Transactions.Grpc.Tests.Echo;
using Transactions.Grpc.Tests.Infrastructure;

namespace Transactions.Grpc.Tests;

/// <summary>GrpcChannel against MapGrpcUnary on a real Kestrel over h2c.</summary>
public sealed class UnaryCallTests
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(10);

    private static DateTime InSeconds(double seconds) => TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(seconds);

    [Fact]
    public async Task UnaryAsync_Request_ReturnsHandlerReply()
    {
        await using var server = await EchoServer.StartAsync();
        using var sut = server.CreateChannel();

        var reply = await sut.UnaryAsync(EchoMethods.Say, new EchoRequest { Message = "hello", Id = 42, ReplySize = 3 });

        Assert.Equal("hello", reply.Message);
        Assert.Equal(42, reply.Id);
        Assert.Equal(3, reply.Payload.Length);
        Assert.StartsWith("ipv4:127.0.0.1:", reply.Peer, StringComparison.Ordinal);
        Assert.Equal(-1, reply.DeadlineInSeconds);
    }

    [Fact]
    public async Task UnaryAsync_EmptyRequestAndReply_RoundTrips()
    {
        await using var server = await EchoServer.StartAsync();
        using var sut = server.CreateChannel();

        var reply = await sut.UnaryAsync(EchoMethods.Say, new EchoRequest());

        Assert.Equal(string.Empty, reply.Message);
        Assert.Equal(1, server.Service.Calls);
    }

    [Fact]
    public async Task UnaryWithMetadataAsync_RequestHeaders_ReachHandlerAndReturnAsTrailers()
    {
        await using var server = await EchoServer.StartAsync();
        using var sut = server.CreateChannel();
        byte[] binary = [0, 1, 2, 0xFE, 0xFF];
        var headers = new Metadata { { "X-Request-Id", "req-1" }, { "x-tenant", "acme" } };
        headers.Add("x-trace-bin", binary);

        var result = await sut.UnaryWithMetadataAsync(EchoMethods.Say, new EchoRequest { Message = "m" }, new CallOptions(headers));

        Assert.Equal("m", result.Response.Message);
        Assert.Equal("req-1", result.Trailers.GetValue("echo-x-request-id"));
        Assert.Equal("acme", result.Trailers.GetValue("echo-x-tenant"));
        Assert.Equal(binary, result.Trailers.GetValueBytes("echo-x-trace-bin"));
        Assert.Null(result.Trailers.GetValue("grpc-status"));
    }

    [Theory]
    [InlineData(StatusCode.NotFound, "Transaction 7 not found.")]
    [InlineData(StatusCode.FailedPrecondition, "100% done? ünïcödé ✓ 日本語 🙂 \r\n\ttabs, \"quotes\" & %41 stays")]
    [InlineData(StatusCode.Unauthenticated, "")]
    public async Task UnaryAsync_HandlerThrowsRpcException_ClientGetsStatusDetailAndTrailers(StatusCode code, string detail)
    {
        await using var server = await EchoServer.StartAsync();
        using var sut = server.CreateChannel();
        var request = new EchoRequest { StatusCode = (int)code, StatusDetail = detail };

        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            sut.UnaryAsync(EchoMethods.Say, request, new CallOptions(new Metadata { { "x-call", "1" } })));

        Assert.Equal(code, ex.StatusCode);
        Assert.Equal(detail, ex.Status.Detail);
        Assert.Equal("yes", ex.Trailers.GetValue("x-error-trailer"));
        Assert.Equal("1", ex.Trailers.GetValue("echo-x-call"));
    }

    [Fact]
    public async Task UnaryAsync_HandlerThrowsUnhandledException_InternalWithGenericMessageAndLogged()
    {
        await using var server = await EchoServer.StartAsync();
        using var sut = server.CreateChannel();

        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            sut.UnaryAsync(EchoMethods.Say, new EchoRequest { Crash = true, Message = "secret-connection-string" }));

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
        Assert.Equal("Exception was thrown by handler.", ex.Status.Detail);
        Assert.DoesNotContain("secret", ex.Message, StringComparison.Ordinal);
        var logged = Assert.Single(server.Logs.Entries, e => e.Level == LogLevel.Error);
        Assert.Equal("ErrorExecutingServiceMethod", logged.EventId.Name);
        Assert.IsType<InvalidOperationException>(logged.Exception);
    }

    [Fact]
    public async Task UnaryAsync_DetailedErrorsEnabled_DetailHasExceptionMessageButNoStackTrace()
    {
        await using var server = await EchoServer.StartAsync(o => o.EnableDetailedErrors = true);
        using var sut = server.CreateChannel();

        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            sut.UnaryAsync(EchoMethods.Say, new EchoRequest { Crash = true, Message = "boom" }));

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
        Assert.Equal("Exception was thrown by handler. InvalidOperationException: boom", ex.Status.Detail);
        Assert.DoesNotContain(" at ", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnaryAsync_DeadlinePasses_DeadlineExceededAndHandlerTokenCancelled()
    {
        await using var server = await EchoServer.StartAsync();
        await server.WarmUpAsync();
        using var sut = server.CreateChannel();
        var stopwatch = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            sut.UnaryAsync(EchoMethods.Say, new EchoRequest { WaitForCancellation = true }, new CallOptions(Deadline: InSeconds(1.5))));

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        Assert.True(stopwatch.Elapsed < WaitLimit, $"took {stopwatch.Elapsed}");
        await server.Service.HandlerStarted.Task.WaitAsync(WaitLimit);
        await server.Service.HandlerTokenCancelled.Task.WaitAsync(WaitLimit);
    }

    [Fact]
    public async Task UnaryAsync_Deadline_HandlerSeesDeadlineFromGrpcTimeout()
    {
        await using var server = await EchoServer.StartAsync();
        using var sut = server.CreateChannel();

        var reply = await sut.UnaryAsync(EchoMethods.Say, new EchoRequest(), new CallOptions(Deadline: InSeconds(30)));

        Assert.InRange(reply.DeadlineInSeconds, 20, 30.5);
    }

    [Fact]
    public async Task UnaryAsync_DeadlineAlreadyPassed_DeadlineExceededWithoutCallingServer()
    {
        await using var server = await EchoServer.StartAsync();
        using var sut = server.CreateChannel();

        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            sut.UnaryAsync(EchoMethods.Say, new EchoRequest(), new CallOptions(Deadline: InSeconds(-1))));

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        Assert.Equal(0, server.Service.Calls);
    }

    [Fact]
    public async Task Server_GrpcTimeoutExpires_AnswersDeadlineExceededAndCancelsHandlerToken()
    {
        await using var server = await EchoServer.StartAsync();
        await server.WarmUpAsync();
        using var raw = new RawGrpcClient(server.Address);
        var body = RawGrpcClient.Frame(new EchoRequest { WaitForCancellation = true });

        var response = await raw.PostAsync(EchoMethods.Say.FullName, body, headers: new Dictionary<string, string> { ["grpc-timeout"] = "1000m" });

        Assert.Equal(200, response.HttpStatus);
        Assert.Equal("4", response.GrpcStatus);
        Assert.Empty(response.Body);
        await server.Service.HandlerTokenCancelled.Task.WaitAsync(WaitLimit);
    }

    [Fact]
    public async Task Server_HandlerIgnoresTokenPastGrpcTimeout_StillAnswersDeadlineExceededOnTime()
    {
        await using var server = await EchoServer.StartAsync();
        await server.WarmUpAsync();
        using var raw = new RawGrpcClient(server.Address);
        var body = RawGrpcClient.Frame(new EchoRequest { SleepMs = 6000 });
        var stopwatch = Stopwatch.StartNew();

        var response = await raw.PostAsync(EchoMethods.Say.FullName, body, headers: new Dictionary<string, string> { ["grpc-timeout"] = "200m" });

        // The answer must not wait for the handler (6 s); the margin is wide because CI machines stall.
        Assert.Equal("4", response.GrpcStatus);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"answered after {stopwatch.Elapsed}");
        Assert.False(server.Service.HandlerSleepFinished.Task.IsCompleted);
    }

    [Fact]
    public async Task UnaryAsync_CallerCancels_CancelledAndHandlerTokenCancelled()
    {
        await using var server = await EchoServer.StartAsync();
        using var sut = server.CreateChannel();
        using var cts = new CancellationTokenSource();

        var call = sut.UnaryAsync(EchoMethods.Say, new EchoRequest { WaitForCancellation = true }, new CallOptions(CancellationToken: cts.Token));
        await server.Service.HandlerStarted.Task.WaitAsync(WaitLimit);
        await cts.CancelAsync();
        var ex = await Assert.ThrowsAsync<RpcException>(() => call);

        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        await server.Service.HandlerTokenCancelled.Task.WaitAsync(WaitLimit);
    }

    [Fact]
    public async Task UnaryAsync_TokenAlreadyCancelled_CancelledWithoutCallingServer()
    {
        await using var server = await EchoServer.StartAsync();
        using var sut = server.CreateChannel();

        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            sut.UnaryAsync(EchoMethods.Say, new EchoRequest(), new CallOptions(CancellationToken: new CancellationToken(canceled: true))));

        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        Assert.Equal(0, server.Service.Calls);
    }

    [Fact]
    public async Task UnaryAsync_RequestOverServerLimit_ResourceExhausted()
    {
        await using var server = await EchoServer.StartAsync(o => o.MaxReceiveMessageSize = 1024);
        using var sut = server.CreateChannel();
        var request = new EchoRequest { Payload = ByteString.CopyFrom(new byte[64 * 1024]) };

        var ex = await Assert.ThrowsAsync<RpcException>(() => sut.UnaryAsync(EchoMethods.Say, request));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Contains("exceeds the maximum configured message size", ex.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(0, server.Service.Calls);
    }

    [Fact]
    public async Task UnaryAsync_ResponseOverChannelLimit_ResourceExhausted()
    {
        await using var server = await EchoServer.StartAsync();
        using var sut = server.CreateChannel(new GrpcChannelOptions { MaxReceiveMessageSize = 1024 });

        var ex = await Assert.ThrowsAsync<RpcException>(() => sut.UnaryAsync(EchoMethods.Say, new EchoRequest { ReplySize = 100_000 }));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Contains("exceeds the maximum configured message size", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnaryAsync_ResponseOverServerSendLimit_ResourceExhausted()
    {
        await using var server = await EchoServer.StartAsync(o => o.MaxSendMessageSize = 1024);
        using var sut = server.CreateChannel();

        var ex = await Assert.ThrowsAsync<RpcException>(() => sut.UnaryAsync(EchoMethods.Say, new EchoRequest { ReplySize = 4096 }));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public async Task UnaryAsync_RequestOverChannelSendLimit_ResourceExhaustedWithoutCallingServer()
    {
        await using var server = await EchoServer.StartAsync();
        using var sut = server.CreateChannel(new GrpcChannelOptions { MaxSendMessageSize = 100 });

        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            sut.UnaryAsync(EchoMethods.Say, new EchoRequest { Payload = ByteString.CopyFrom(new byte[200]) }));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Equal(0, server.Service.Calls);
    }

    [Fact]
    public async Task UnaryAsync_LargeMessagesWithinLimits_RoundTrip()
    {
        await using var server = await EchoServer.StartAsync();
        using var sut = server.CreateChannel();
        var payload = new byte[3 * 1024 * 1024];
        Random.Shared.NextBytes(payload);

        var reply = await sut.UnaryAsync(
            EchoMethods.Say, new EchoRequest { Payload = ByteString.CopyFrom(payload), ReplySize = 3 * 1024 * 1024 });

        Assert.Equal(3 * 1024 * 1024, reply.Payload.Length);
    }

    [Fact]
    public async Task UnaryAsync_ServerDown_Unavailable()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var sut = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");

        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            sut.UnaryAsync(EchoMethods.Say, new EchoRequest(), new CallOptions(Deadline: InSeconds(10))));

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.IsType<HttpRequestException>(ex.InnerException);
    }

    [Fact]
    public async Task UnaryAsync_UnmappedMethod_Unimplemented()
    {
        await using var server = await EchoServer.StartAsync();
        using var sut = server.CreateChannel();

        var ex = await Assert.ThrowsAsync<RpcException>(() => sut.UnaryAsync(EchoMethods.Missing, new EchoRequest()));

        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
    }

    [Fact]
    public async Task UnaryAsync_ManyConcurrentCallsOnOneChannel_AllSucceed()
    {
        const int Calls = 1000;
        await using var server = await EchoServer.StartAsync();
        using var sut = server.CreateChannel();

        var replies = await Task.WhenAll(Enumerable.Range(0, Calls).Select(i =>
            sut.UnaryAsync(EchoMethods.Say, new EchoRequest { Id = i, Message = $"m{i}" }, new CallOptions(Deadline: InSeconds(60)))));

        Assert.Equal(Enumerable.Range(0, Calls).Select(i => (long)i), replies.Select(r => r.Id));
        Assert.All(replies, r => Assert.Equal($"m{r.Id}", r.Message));
        Assert.Equal(Calls, server.Service.Calls);
    }

    [Fact]
    public async Task Interceptor_ThrowsRpcException_CallEndsWithThatStatusAndHandlerDoesNotRun()
    {
        await using var server = await EchoServer.StartAsync(
            configureServices: s => s.AddSingleton<IGrpcServerInterceptor, RequireApiKeyInterceptor>());
        using var sut = server.CreateChannel();

        var denied = await Assert.ThrowsAsync<RpcException>(() => sut.UnaryAsync(EchoMethods.Say, new EchoRequest()));
        var allowed = await sut.UnaryAsync(
            EchoMethods.Say, new EchoRequest { Message = "ok" }, new CallOptions(new Metadata { { "x-api-key", "let-me-in" } }));

        Assert.Equal(StatusCode.Unauthenticated, denied.StatusCode);
        Assert.Equal("x-api-key is missing or wrong.", denied.Status.Detail);
        Assert.Equal("ok", allowed.Message);
        Assert.Equal(1, server.Service.Calls);
    }

    [Fact]
    public async Task Server_WrongContentType_Answers415()
    {
        await using var server = await EchoServer.StartAsync();
        using var raw = new RawGrpcClient(server.Address);

        var response = await raw.PostAsync(EchoMethods.Say.FullName, RawGrpcClient.Frame(new EchoRequest()), contentType: "application/json");

        Assert.Equal(415, response.HttpStatus);
        Assert.Equal(0, server.Service.Calls);
    }

    [Fact]
    public async Task Server_ContentTypeGrpcProto_Accepted()
    {
        await using var server = await EchoServer.StartAsync();
        using var raw = new RawGrpcClient(server.Address);

        var response = await raw.PostAsync(
            EchoMethods.Say.FullName, RawGrpcClient.Frame(new EchoRequest { Message = "p" }), contentType: "application/grpc+proto");

        Assert.Equal(200, response.HttpStatus);
        Assert.Equal("0", response.GrpcStatus);
        Assert.Equal("application/grpc", response.Headers.GetValueOrDefault("content-type"));
        Assert.Equal("p", EchoReply.Parser.ParseFrom(response.Body.AsSpan(5)).Message);
    }

    [Fact]
    public async Task Server_SpecialCharactersInDetail_SentPercentEncoded()
    {
        await using var server = await EchoServer.StartAsync();
        using var raw = new RawGrpcClient(server.Address);
        var body = RawGrpcClient.Frame(new EchoRequest { StatusCode = 9, StatusDetail = "100% ✓\n" });

        var response = await raw.PostAsync(EchoMethods.Say.FullName, body);

        Assert.Equal("9", response.GrpcStatus);
        Assert.Equal("100%25 %E2%9C%93%0A", response.GrpcMessage);
    }

    [Fact]
    public async Task Server_CompressedMessageWithUnsupportedEncoding_UnimplementedWithAcceptEncoding()
    {
        await using var server = await EchoServer.StartAsync();
        using var raw = new RawGrpcClient(server.Address);
        var body = RawGrpcClient.Frame(new EchoRequest(), compressedFlag: 1);

        var response = await raw.PostAsync(EchoMethods.Say.FullName, body, headers: new Dictionary<string, string> { ["grpc-encoding"] = "gzip" });

        Assert.Equal("12", response.GrpcStatus);
        Assert.Equal("identity", response.Headers.GetValueOrDefault("grpc-accept-encoding"));
    }

    [Fact]
    public async Task Server_CompressedFlagWithoutEncoding_Internal()
    {
        await using var server = await EchoServer.StartAsync();
        using var raw = new RawGrpcClient(server.Address);

        var response = await raw.PostAsync(EchoMethods.Say.FullName, RawGrpcClient.Frame(new EchoRequest(), compressedFlag: 1));

        Assert.Equal("13", response.GrpcStatus);
        Assert.Equal(0, server.Service.Calls);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0, 0, 0 })]
    [InlineData(new byte[] { 0, 0, 0, 0, 9, 1, 2 })]
    [InlineData(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })]
    public async Task Server_MissingTruncatedOrExtraMessage_Internal(byte[] body)
    {
        await using var server = await EchoServer.StartAsync();
        using var raw = new RawGrpcClient(server.Address);

        var response = await raw.PostAsync(EchoMethods.Say.FullName, body);

        Assert.Equal(200, response.HttpStatus);
        Assert.Equal("13", response.GrpcStatus);
        Assert.Equal(0, server.Service.Calls);
    }

    [Fact]
    public async Task Server_UnparsableMessage_InternalWithClearMessage()
    {
        await using var server = await EchoServer.StartAsync();
        using var raw = new RawGrpcClient(server.Address);

        // Field 1 (string) claims 100 bytes but the message has 1.
        var response = await raw.PostAsync(EchoMethods.Say.FullName, [0, 0, 0, 0, 3, 0x0A, 100, 0x41]);

        Assert.Equal("13", response.GrpcStatus);
        Assert.StartsWith("Failed to deserialize the request message", Uri.UnescapeDataString(response.GrpcMessage ?? string.Empty), StringComparison.Ordinal);
    }

    [Fact]
    public void MapGrpcUnary_WithoutAddGrpcBinding_ThrowsClearError()
    {
        using var app = WebApplication.CreateSlimBuilder().Build();

        var ex = Assert.Throws<InvalidOperationException>(() => app.MapGrpcUnary(EchoMethods.Say, new EchoService().SayAsync));

        Assert.Contains("AddGrpcBinding", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispose_ThenCall_ThrowsObjectDisposed()
    {
        var sut = GrpcChannel.ForAddress("http://127.0.0.1:1");
        sut.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => sut.UnaryAsync(EchoMethods.Say, new EchoRequest()));
    }

    [Theory]
    [InlineData("127.0.0.1:5000")]
    [InlineData("ftp://127.0.0.1:5000")]
    [InlineData("/relative")]
    public void ForAddress_NotAnHttpAddress_Throws(string address)
    {
        Assert.Throws<ArgumentException>(() => GrpcChannel.ForAddress(address));
    }
}
