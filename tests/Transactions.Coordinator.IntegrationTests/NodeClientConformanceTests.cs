using System.Text.Json;
using Transactions.Coordinator.IntegrationTests.Infrastructure;
using Transactions.Testing;
using Xunit;

namespace Transactions.Coordinator.IntegrationTests;

/// <summary>
/// The running coordinator called by an independent gRPC implementation: the real Node client
/// (@grpc/grpc-js with @grpc/proto-loader) loading the coordinator's own .proto files.
/// </summary>
public sealed class NodeClientConformanceTests : IAsyncLifetime
{
    private const string TmProto = "transactions/v1/transaction_manager.proto";
    private const string RmProto = "transactions/v1/resource_manager.proto";
    private const string TmService = "transactions.v1.TransactionManager";
    private const string RmService = "transactions.v1.ResourceManager";
    private CoordinatorProcess _coordinator = null!;
    private TestParticipant _participant = null!;

    private static string ProtoRoot => Path.Combine(TestEnvironment.RepoRoot, "coordinator", "protos");

    private string Address => $"127.0.0.1:{_coordinator.GrpcPort}";

    public async Task InitializeAsync()
    {
        _coordinator = await CoordinatorProcess.StartAsync("Sqlite", $"Data Source={Path.Combine(Path.GetTempPath(), $"tx-node-{Guid.NewGuid():N}.db")}");
        _participant = await TestParticipant.StartAsync("stock");
    }

    public async Task DisposeAsync()
    {
        await _participant.DisposeAsync();
        await _coordinator.DisposeAsync();
    }

    [Fact]
    public async Task NodeClient_BeginRegisterCommitGetStatus_Committed()
    {
        var begin = await CallOkAsync(TmProto, TmService, "Begin", """{"name":"node-order","timeoutMs":30000,"applicationId":"node-app"}""");
        var xid = begin.GetProperty("xid").GetString()!;
        Assert.Equal("GLOBAL_STATUS_ACTIVE", begin.GetProperty("status").GetString());

        var register = await CallOkAsync(RmProto, RmService, "RegisterBranch", JsonSerializer.Serialize(new
        {
            xid,
            resourceId = "stock",
            actionName = "freeze-stock",
            branchType = "BRANCH_TYPE_TCC",
            participantEndpoint = _participant.GrpcEndpoint,
            protocol = "PARTICIPANT_PROTOCOL_GRPC",
            actionContext = """{"sku":"A"}""",
        }));
        var branchId = register.GetProperty("branchId").GetString()!;

        var commit = await CallOkAsync(TmProto, TmService, "Commit", $$"""{"xid":"{{xid}}"}""");
        Assert.Equal("GLOBAL_STATUS_COMMITTED", commit.GetProperty("status").GetString());

        var status = await CallOkAsync(TmProto, TmService, "GetStatus", $$"""{"xid":"{{xid}}"}""");
        Assert.Equal(xid, status.GetProperty("xid").GetString());
        Assert.Equal("node-order", status.GetProperty("name").GetString());
        var branch = Assert.Single(status.GetProperty("branches").EnumerateArray());
        Assert.Equal(branchId, branch.GetProperty("branchId").GetString());
        Assert.Equal("BRANCH_STATUS_CONFIRMED", branch.GetProperty("status").GetString());
        Assert.Single(_participant.CallsFor(long.Parse(xid, System.Globalization.CultureInfo.InvariantCulture), "confirm"));
    }

    [Fact]
    public async Task NodeClient_CommitUnknownXid_NotFoundWithMessage()
    {
        var result = await NodeConformanceClient.CallAsync(ProtoRoot, TmProto, TmService, "Commit", Address, """{"xid":"987654321"}""");

        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.Equal(5, result.GetProperty("code").GetInt32()); // NOT_FOUND
        Assert.Equal("Global transaction 987654321 was not found.", result.GetProperty("details").GetString());
    }

    [Fact]
    public async Task NodeClient_BeginWithoutName_InvalidArgumentNamingTheField()
    {
        var result = await NodeConformanceClient.CallAsync(ProtoRoot, TmProto, TmService, "Begin", Address, """{"timeoutMs":1000}""");

        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.Equal(3, result.GetProperty("code").GetInt32()); // INVALID_ARGUMENT
        Assert.Contains("'name'", result.GetProperty("details").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NodeClient_RegisterAfterCommit_FailedPrecondition()
    {
        var begin = await CallOkAsync(TmProto, TmService, "Begin", """{"name":"node-order"}""");
        var xid = begin.GetProperty("xid").GetString()!;
        await CallOkAsync(TmProto, TmService, "Commit", $$"""{"xid":"{{xid}}"}""");

        var result = await NodeConformanceClient.CallAsync(ProtoRoot, RmProto, RmService, "RegisterBranch", Address, JsonSerializer.Serialize(new
        {
            xid,
            resourceId = "stock",
            actionName = "late",
            participantEndpoint = _participant.GrpcEndpoint,
        }));

        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.Equal(9, result.GetProperty("code").GetInt32()); // FAILED_PRECONDITION
        Assert.Contains("Committed", result.GetProperty("details").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NodeClient_HealthCheck_Serving()
    {
        Assert.Equal("SERVING", await NodeConformanceClient.CheckHealthAsync(Address));
        Assert.StartsWith("error 5:", await NodeConformanceClient.CheckHealthAsync(Address, "no.such.Service"), StringComparison.Ordinal); // NOT_FOUND
    }

    private async Task<JsonElement> CallOkAsync(string proto, string service, string method, string requestJson)
    {
        var result = await NodeConformanceClient.CallAsync(ProtoRoot, proto, service, method, Address, requestJson);
        Assert.True(result.GetProperty("ok").GetBoolean(), $"{method} failed: {result}");
        return result.GetProperty("response");
    }
}
