using Grpc.Core;
using Transactions.Admin.Security;
using Transactions.Coordinator.IntegrationTests.Infrastructure;
using Transactions.Protocol.Sagas;
using Transactions.Protocol.V1;
using Transactions.Testing;
using Xunit;

namespace Transactions.Coordinator.IntegrationTests.Security;

/// <summary>
/// The endpoint policy of a real coordinator process (<c>Security:AllowedEndpoints</c> and an application's own
/// <c>AllowedEndpoints</c>): a participant or saga step endpoint outside the caller's list is refused with
/// InvalidArgument naming the field, before anything is stored or called; allowed ones work.
/// </summary>
[Trait("Requires", "PostgreSQL")]
public sealed class EndpointPolicyTests : IAsyncLifetime
{
    private const string OrdersKey = "orders-app-key-0123456789";
    private readonly List<IAsyncDisposable> _owned = [];
    private CoordinatorProcess _coordinator = null!;
    private TestParticipant _stock = null!;

    public async Task InitializeAsync()
    {
        if (TestEnvironment.PostgresConnectionString is null)
        {
            return;
        }

        _stock = await TestParticipant.StartAsync("stock");
        _owned.Add(_stock);
        var stock = new Uri(_stock.GrpcEndpoint);
        var database = await PostgresDatabase.CreateAsync("tx_endpoints");
        _owned.Add(database);
        _coordinator = await CoordinatorProcess.StartAsync("PostgreSql", database.ConnectionString, new Dictionary<string, string>
        {
            // Callers without a key: the stock participant's gRPC port only.
            ["Security__AllowedEndpoints__0"] = $"http://127.0.0.1:{stock.Port}",
            // The orders application: any port of localhost, by name only.
            ["Security__Applications__0__ApplicationId"] = "orders",
            ["Security__Applications__0__KeyHash"] = ApiKeyHash.Compute(OrdersKey),
            ["Security__Applications__0__AllowedEndpoints__0"] = "http://localhost",
        });
        _owned.Add(_coordinator);
    }

    public async Task DisposeAsync()
    {
        foreach (var item in Enumerable.Reverse(_owned))
        {
            await item.DisposeAsync();
        }
    }

    [PostgresFact]
    public async Task RegisterBranch_EndpointOutsideTheList_InvalidArgumentNamingTheField_NothingRegistered()
    {
        var begun = await _coordinator.Tm.BeginAsync(new BeginRequest { Name = "probe", TimeoutMs = 120_000 });

        var metadata = await Assert.ThrowsAsync<RpcException>(() => RegisterAsync(begun.Xid, "http://169.254.169.254/latest/meta-data", null));
        var otherPort = await Assert.ThrowsAsync<RpcException>(() => RegisterAsync(begun.Xid, "http://127.0.0.1:22", null));
        var allowed = await RegisterAsync(begun.Xid, _stock.GrpcEndpoint, null);

        foreach (var refused in new[] { metadata, otherPort })
        {
            Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
            Assert.Contains("participant_endpoint", refused.Status.Detail, StringComparison.Ordinal);
            Assert.Contains("callers without an application key", refused.Status.Detail, StringComparison.Ordinal);
        }

        var status = await _coordinator.Tm.GetStatusAsync(new GetStatusRequest { Xid = begun.Xid });
        Assert.Equal([allowed], status.Branches.Select(b => b.BranchId));
    }

    [PostgresFact]
    public async Task Application_UsesItsOwnList_NotTheDefault()
    {
        var keyed = new CallOptions(new Metadata { { "x-tx-app-key", OrdersKey } });
        var begun = await _coordinator.Tm.BeginAsync(new BeginRequest { Name = "place-order", TimeoutMs = 120_000 }, keyed);

        var byAddress = await Assert.ThrowsAsync<RpcException>(() => RegisterAsync(begun.Xid, _stock.GrpcEndpoint, keyed));
        var byName = await RegisterAsync(begun.Xid, _stock.GrpcEndpoint.Replace("127.0.0.1", "localhost", StringComparison.Ordinal), keyed);

        Assert.Equal(StatusCode.InvalidArgument, byAddress.StatusCode);
        Assert.Contains("application 'orders'", byAddress.Status.Detail, StringComparison.Ordinal);
        Assert.True(byName > 0);
    }

    [PostgresFact]
    public async Task SubmitSaga_AStepOutsideTheList_RefusedWholeNothingStarted()
    {
        var definition = SagaBuilder.Create("exfiltrate")
            .Step("ok", s => s.Grpc(_stock.GrpcEndpoint).Action("ok"))
            .Step("bad", s => s.HttpJson("http://10.0.0.1:8080/internal").Action("bad"))
            .Build();

        var refused = await Assert.ThrowsAsync<RpcException>(() => _coordinator.Tm.SubmitSagaAsync(new SubmitSagaRequest { DefinitionJson = SagaDefinitionJson.Serialize(definition) }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains("definition_json", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("http://10.0.0.1:8080/internal", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(_stock.Calls);
    }

    private async Task<long> RegisterAsync(long xid, string endpoint, CallOptions? options) =>
        (await _coordinator.Rm.RegisterBranchAsync(
            new RegisterBranchRequest
            {
                Xid = xid,
                ResourceId = "stock",
                ActionName = "freeze",
                BranchType = BranchType.Tcc,
                ParticipantEndpoint = endpoint,
                Protocol = ParticipantProtocol.Grpc,
                ActionContext = "{}",
            },
            options ?? default)).BranchId;
}
