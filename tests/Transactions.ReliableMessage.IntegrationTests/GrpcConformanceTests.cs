using System.Text.Json;
using Grpc.Core;
using Transactions.ReliableMessage.IntegrationTests.Infrastructure;
using Transactions.ReliableMessage.Protocol.V1;
using Transactions.Testing;

namespace Transactions.ReliableMessage.IntegrationTests;

/// <summary>
/// The service's gRPC server (Grpc.AspNetCore) called by the real Node client (@grpc/grpc-js): the standard health
/// service answers SERVING and the service's own .proto works from another language; hostile input (an oversize
/// message, an unknown method) gets a clean status and leaves the service serving.
/// </summary>
public sealed class GrpcConformanceTests : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _cleanup = [];
    private ServiceProcess _service = null!;

    private static string ProtoRoot => Path.Combine(TestEnvironment.RepoRoot, "reliable-message", "protos");

    private string Address => $"127.0.0.1:{_service.GrpcPort}";

    public async Task InitializeAsync()
    {
        if (TestEnvironment.PostgresConnectionString is null)
        {
            return;
        }

        var database = await PostgresDatabase.CreateAsync("rm_grpc");
        _cleanup.Add(database);
        _service = await ServiceProcess.StartAsync(database.ConnectionString, transport: "Push");
        _cleanup.Add(_service);
    }

    public async Task DisposeAsync()
    {
        for (var i = _cleanup.Count - 1; i >= 0; i--)
        {
            await _cleanup[i].DisposeAsync();
        }
    }

    [PostgresFact]
    public async Task NodeClient_HealthCheck_Serving()
    {
        Assert.Equal("SERVING", await NodeConformanceClient.CheckHealthAsync(Address));
    }

    [PostgresFact]
    public async Task NodeClient_GetUnknownMessage_NotFoundWithMessage()
    {
        var result = await NodeConformanceClient.CallAsync(
            ProtoRoot, "reliablemessage/v1/reliable_message.proto", "reliablemessage.v1.ReliableMessageService", "GetMessage", Address,
            JsonSerializer.Serialize(new { messageId = "42" }));

        Assert.False(result.GetProperty("ok").GetBoolean(), result.ToString());
        Assert.Equal((int)StatusCode.NotFound, result.GetProperty("code").GetInt32());
        Assert.False(string.IsNullOrEmpty(result.GetProperty("details").GetString()), result.ToString());
    }

    [PostgresFact]
    public async Task TwentyMegabyteMessage_ResourceExhausted_ThenServing()
    {
        var huge = Google.Protobuf.ByteString.CopyFrom(new byte[20 * 1024 * 1024]);

        var error = await Assert.ThrowsAsync<RpcException>(() => _service.Client.PrepareAsync(new PrepareRequest
        {
            Topic = "big",
            ProducerGroup = "big-producer",
            Payload = huge,
        }).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.DoesNotContain(" at ", error.Status.Detail, StringComparison.Ordinal);
        await AssertServingAsync();
    }

    [PostgresFact]
    public async Task UnknownMethod_Unimplemented_ThenServing()
    {
        Assert.StartsWith("error 5:", await NodeConformanceClient.CheckHealthAsync(Address, "no.such.Service"), StringComparison.Ordinal); // NOT_FOUND
        var unknown = await Assert.ThrowsAsync<RpcException>(() => _service.Channel.CreateCallInvoker().AsyncUnaryCall(
            new Method<PrepareRequest, PrepareResponse>(MethodType.Unary, "reliablemessage.v1.ReliableMessageService", "DropEverything", Marshallers.Create<PrepareRequest>(r => Google.Protobuf.MessageExtensions.ToByteArray(r), PrepareRequest.Parser.ParseFrom), Marshallers.Create<PrepareResponse>(r => Google.Protobuf.MessageExtensions.ToByteArray(r), PrepareResponse.Parser.ParseFrom)),
            null,
            default,
            new PrepareRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unimplemented, unknown.StatusCode);
        await AssertServingAsync();
    }

    private async Task AssertServingAsync() =>
        Assert.Equal("SERVING", await NodeConformanceClient.CheckHealthAsync(Address));
}
