using System.Text.Json;
using Transactions.Grpc.Tests.Infrastructure;
using Transactions.Testing;

namespace Transactions.Grpc.Tests;

/// <summary>The Echo server called by the real Node gRPC client (@grpc/grpc-js) through tests/conformance/call.js.</summary>
public sealed class NodeConformanceTests
{
    private const string ProtoFile = "echo.proto";

    private static Task<JsonElement> CallAsync(EchoServer server, string requestJson, string? metadataJson = null, int? deadlineMs = null) =>
        NodeConformanceClient.CallAsync(
            RepositoryPaths.EchoProtoRoot, ProtoFile, EchoMethods.ServiceName, "Say", server.HostAndPort, requestJson, metadataJson, deadlineMs);

    [Fact]
    public async Task CallJs_Success_ReturnsResponseAndTrailers()
    {
        await using var server = await EchoServer.StartAsync();

        var result = await CallAsync(server, """{"message":"hello from node","id":"9007199254740993"}""", """{"x-trace":"t-1"}""");

        Assert.True(result.GetProperty("ok").GetBoolean(), result.ToString());
        var response = result.GetProperty("response");
        Assert.Equal("hello from node", response.GetProperty("message").GetString());
        Assert.Equal("9007199254740993", response.GetProperty("id").GetString());
        Assert.Equal("t-1", result.GetProperty("trailers").GetProperty("echo-x-trace").GetString());
    }

    [Fact]
    public async Task CallJs_HandlerThrowsRpcException_ReportsCodeAndDecodedDetails()
    {
        await using var server = await EchoServer.StartAsync();
        const string Detail = "Branch 7 not found: 100% sure ✓ ünïcödé";

        var result = await CallAsync(server, JsonSerializer.Serialize(new { statusCode = 5, statusDetail = Detail }));

        Assert.False(result.GetProperty("ok").GetBoolean(), result.ToString());
        Assert.Equal(5, result.GetProperty("code").GetInt32());
        Assert.Equal(Detail, result.GetProperty("details").GetString());
        Assert.Equal("yes", result.GetProperty("trailers").GetProperty("x-error-trailer").GetString());
    }

    [Fact]
    public async Task CallJs_HandlerCrashes_ReportsInternalWithoutExceptionText()
    {
        await using var server = await EchoServer.StartAsync();

        var result = await CallAsync(server, """{"crash":true,"message":"do-not-leak"}""");

        Assert.Equal(13, result.GetProperty("code").GetInt32());
        Assert.Equal("Exception was thrown by handler.", result.GetProperty("details").GetString());
    }

    [Fact]
    public async Task CallJs_DeadlinePasses_ReportsDeadlineExceededAndHandlerTokenCancelled()
    {
        await using var server = await EchoServer.StartAsync();
        await server.WarmUpAsync();

        var result = await CallAsync(server, """{"waitForCancellation":true}""", deadlineMs: 1500);

        Assert.Equal(4, result.GetProperty("code").GetInt32());
        await server.Service.HandlerStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await server.Service.HandlerTokenCancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
