using Transactions.Admin.Security;
using Transactions.Coordinator.IntegrationTests.Infrastructure;
using Grpc.Core;
using Transactions.Protocol.V1;
using Transactions.Testing;
using Xunit;

namespace Transactions.Coordinator.IntegrationTests.Security;

/// <summary>
/// Per-application keys on the TC protocol of a real coordinator process on PostgreSQL with
/// <c>Security:RequireApplicationKeys</c>: one application cannot commit, roll back, read or join another's
/// transactions; calls without a key or with an unknown one are Unauthenticated.
/// </summary>
[Trait("Requires", "PostgreSQL")]
public sealed class ApplicationKeyTests : IAsyncLifetime
{
    private const string KeyA = "orders-app-key-0123456789";
    private const string KeyB = "billing-app-key-0123456789";
    private const string KeyC = "stock-app-key-0123456789";

    private readonly List<IAsyncDisposable> _owned = [];
    private CoordinatorProcess _coordinator = null!;
    private TestParticipant _stock = null!;

    public async Task InitializeAsync()
    {
        if (TestEnvironment.PostgresConnectionString is null)
        {
            return;
        }

        var database = await PostgresDatabase.CreateAsync("tx_appkeys");
        _owned.Add(database);
        _coordinator = await CoordinatorProcess.StartAsync("PostgreSql", database.ConnectionString, new Dictionary<string, string>
        {
            ["Security__RequireApplicationKeys"] = "true",
            ["Security__Applications__0__ApplicationId"] = "orders",
            ["Security__Applications__0__KeyHash"] = ApiKeyHash.Compute(KeyA),
            ["Security__Applications__1__ApplicationId"] = "billing",
            ["Security__Applications__1__KeyHash"] = ApiKeyHash.Compute(KeyB),
            ["Security__Applications__2__ApplicationId"] = "stock",
            ["Security__Applications__2__KeyHash"] = ApiKeyHash.Compute(KeyC),
            ["Security__Applications__2__ParticipatesIn__0"] = "orders",
        });
        _owned.Add(_coordinator);
        _stock = await TestParticipant.StartAsync("stock");
        _owned.Add(_stock);
    }

    public async Task DisposeAsync()
    {
        foreach (var item in Enumerable.Reverse(_owned))
        {
            await item.DisposeAsync();
        }
    }

    [PostgresFact]
    public async Task OtherApplication_CommitRollbackStatusRegister_PermissionDenied_TransactionUntouched()
    {
        var begun = await _coordinator.Tm.BeginAsync(new BeginRequest { Name = "place-order", TimeoutMs = 120_000 }, As(KeyA));

        var commit = await Assert.ThrowsAsync<RpcException>(() => _coordinator.Tm.CommitAsync(new CommitRequest { Xid = begun.Xid }, As(KeyB)).ResponseAsync);
        var rollback = await Assert.ThrowsAsync<RpcException>(() => _coordinator.Tm.RollbackAsync(new RollbackRequest { Xid = begun.Xid, Reason = "not mine" }, As(KeyB)).ResponseAsync);
        var status = await Assert.ThrowsAsync<RpcException>(() => _coordinator.Tm.GetStatusAsync(new GetStatusRequest { Xid = begun.Xid }, As(KeyB)).ResponseAsync);
        var register = await Assert.ThrowsAsync<RpcException>(() => RegisterAsync(begun.Xid, KeyB));

        foreach (var denied in new[] { commit, rollback, status, register })
        {
            Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
            Assert.Contains($"Transaction {begun.Xid} belongs to application 'orders'", denied.Status.Detail, StringComparison.Ordinal);
        }

        var own = await _coordinator.Tm.GetStatusAsync(new GetStatusRequest { Xid = begun.Xid }, As(KeyA));
        Assert.Equal(GlobalStatus.Active, own.Status);
        Assert.Empty(own.Branches);
    }

    [PostgresFact]
    public async Task OwnApplication_BeginsAndCommits_ParticipantAllowedToJoinRegisters_ButCannotCommit()
    {
        var begun = await _coordinator.Tm.BeginAsync(new BeginRequest { Name = "place-order", TimeoutMs = 120_000, ApplicationId = "orders" }, As(KeyA));
        var branchId = await RegisterAsync(begun.Xid, KeyC);
        var participantCommit = await Assert.ThrowsAsync<RpcException>(() => _coordinator.Tm.CommitAsync(new CommitRequest { Xid = begun.Xid }, As(KeyC)).ResponseAsync);

        var committed = await _coordinator.Tm.CommitAsync(new CommitRequest { Xid = begun.Xid }, As(KeyA));

        Assert.True(branchId > 0);
        Assert.Equal(StatusCode.PermissionDenied, participantCommit.StatusCode);
        Assert.Equal(GlobalStatus.Committed, committed.Status);
        Assert.Equal("confirm", _stock.Effects[branchId]);
    }

    [PostgresFact]
    public async Task MissingOrUnknownKey_Unauthenticated()
    {
        var missing = await Assert.ThrowsAsync<RpcException>(() => _coordinator.Tm.BeginAsync(new BeginRequest { Name = "anonymous", ApplicationId = "orders" }).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => _coordinator.Tm.BeginAsync(new BeginRequest { Name = "guess" }, As("not-a-configured-key-0123456789")).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, missing.StatusCode);
        Assert.Contains("x-tx-app-key", missing.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.Unauthenticated, unknown.StatusCode);
        Assert.Contains("not known", unknown.Status.Detail, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task LargeRequestWithoutAKnownKey_RefusedAt16KiB_TheSameWithTheKeyIsRead()
    {
        // 100 KB in a field: past the 16 KiB allowed before the key is known, well under the 1 MiB message limit.
        var large = new BeginRequest { Name = new string('n', 100_000) };
        var missing = await Assert.ThrowsAsync<RpcException>(() => _coordinator.Tm.BeginAsync(large).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => _coordinator.Tm.BeginAsync(large, As("not-a-configured-key-0123456789")).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, missing.StatusCode);
        Assert.Contains("16384 bytes", missing.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.ResourceExhausted, unknown.StatusCode);

        // With the key the whole message is read, and the name's own limit answers.
        var known = await Assert.ThrowsAsync<RpcException>(() => _coordinator.Tm.BeginAsync(large, As(KeyA)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, known.StatusCode);

        // Small requests without a key still get the key check's answer.
        var small = await Assert.ThrowsAsync<RpcException>(() => _coordinator.Tm.BeginAsync(new BeginRequest { Name = "small" }).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, small.StatusCode);
    }

    [PostgresFact]
    public async Task Begin_ApplicationIdOfAnotherApplication_PermissionDenied()
    {
        var mismatch = await Assert.ThrowsAsync<RpcException>(() => _coordinator.Tm.BeginAsync(new BeginRequest { Name = "impersonate", ApplicationId = "orders" }, As(KeyB)).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, mismatch.StatusCode);
        Assert.Contains("does not match", mismatch.Status.Detail, StringComparison.Ordinal);
    }

    private static CallOptions As(string key) =>
        new(new Metadata { { "x-tx-app-key", key } }, DateTime.UtcNow.AddSeconds(60));

    private async Task<long> RegisterAsync(long xid, string key) =>
        (await _coordinator.Rm.RegisterBranchAsync(
            new RegisterBranchRequest
            {
                Xid = xid,
                ResourceId = _stock.Name,
                ActionName = "freeze",
                BranchType = BranchType.Tcc,
                ParticipantEndpoint = _stock.GrpcEndpoint,
                Protocol = ParticipantProtocol.Grpc,
                ActionContext = "{}",
            },
            As(key))).BranchId;
}
