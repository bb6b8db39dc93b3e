using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Transactions.Admin.Security;
using Transactions.Coordinator.IntegrationTests.Infrastructure;
using Transactions.Protocol.V1;
using Transactions.Testing;
using Xunit;

namespace Transactions.Coordinator.IntegrationTests.Admin;

/// <summary>
/// The admin REST API of a real coordinator process on PostgreSQL: keys and roles, every action with its refusals,
/// repeats, unknown ids and malformed input, the stuck-transaction scenario, and the audit log.
/// </summary>
[Trait("Requires", "PostgreSQL")]
public sealed class AdminApiTests : IAsyncLifetime
{
    public const string OperatorKey = "alice-operator-key-0123456789";
    public const string ViewerKey = "bob-viewer-key-0123456789";

    private readonly List<IAsyncDisposable> _owned = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private CoordinatorProcess _coordinator = null!;
    private TestParticipant _stock = null!;
    private TestParticipant _points = null!;

    /// <summary>Settings that give a coordinator process the two admin keys.</summary>
    public static Dictionary<string, string> AdminSettings() => new()
    {
        ["Admin__ApiKeys__0__Name"] = "alice",
        ["Admin__ApiKeys__0__Hash"] = ApiKeyHash.Compute(OperatorKey),
        ["Admin__ApiKeys__0__Role"] = "Operator",
        ["Admin__ApiKeys__1__Name"] = "bob",
        ["Admin__ApiKeys__1__Hash"] = ApiKeyHash.Compute(ViewerKey),
        ["Admin__ApiKeys__1__Role"] = "ReadOnly",
        ["Coordinator__Phase2InitialBackoff"] = "00:00:00.200",
        ["Coordinator__Phase2MaxBackoff"] = "00:00:05",
        ["Coordinator__NeedsAttentionAfterRounds"] = "2",
    };

    public async Task InitializeAsync()
    {
        if (TestEnvironment.PostgresConnectionString is null)
        {
            return;
        }

        var database = await PostgresDatabase.CreateAsync("tx_admin");
        _owned.Add(database);
        _coordinator = await CoordinatorProcess.StartAsync("PostgreSql", database.ConnectionString, AdminSettings());
        _owned.Add(_coordinator);
        _stock = await TestParticipant.StartAsync("stock");
        _points = await TestParticipant.StartAsync("points");
        _owned.AddRange([_stock, _points]);
        _http.BaseAddress = new Uri($"http://127.0.0.1:{_coordinator.HttpPort}");
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        foreach (var item in Enumerable.Reverse(_owned))
        {
            await item.DisposeAsync();
        }
    }

    [PostgresFact]
    public async Task StuckTransaction_NeedsAttentionWithLastError_RetryAfterTheFixCommitsIt_AuditShowsTheAction()
    {
        _points.Broken = true;
        var xid = await BeginAsync("place-order");
        await RegisterAsync(xid, _stock, "freeze");
        var pointsBranch = await RegisterAsync(xid, _points, "add-points");
        var commit = await _coordinator.Tm.CommitAsync(new CommitRequest { Xid = xid, ReturnAfterDecision = true });
        Assert.Equal(GlobalStatus.Committing, commit.Status);

        await Eventually.WaitAsync(
            async () => (await ListAsync("needsAttention=true")).Any(t => t.GetProperty("xid").GetString() == Id(xid)),
            TimeSpan.FromSeconds(60),
            "the transaction is flagged as needing attention");
        var stuck = (await ListAsync("needsAttention=true")).Single(t => t.GetProperty("xid").GetString() == Id(xid));
        Assert.Equal("Committing", stuck.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(stuck.GetProperty("lastError").GetString()));
        var detail = await GetJsonAsync($"/api/v1/admin/transactions/{xid}", ViewerKey);
        Assert.Contains(detail.GetProperty("branches").EnumerateArray(), b => b.GetProperty("resourceId").GetString() == "points" && b.GetProperty("status").GetString() == "Registered");
        Assert.Contains(detail.GetProperty("events").EnumerateArray(), e => e.GetProperty("kind").GetString() == "needs-attention");

        _points.Broken = false;
        var retried = await PostAsync($"/api/v1/admin/transactions/{xid}/retry", OperatorKey, new { reason = "points service redeployed" });

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal("Committed", (await ReadAsync(retried)).GetProperty("status").GetString());
        Assert.Equal("confirm", _points.Effects[pointsBranch]);
        var audit = await GetJsonAsync($"/api/v1/admin/audit?target=transaction/{xid}", ViewerKey);
        var record = Assert.Single(audit.EnumerateArray());
        Assert.Equal("alice", record.GetProperty("actor").GetString());
        Assert.Equal("retry", record.GetProperty("action").GetString());
        Assert.Equal("points service redeployed", record.GetProperty("reason").GetString());
        Assert.Equal("done", record.GetProperty("outcome").GetString());
        Assert.Contains("\"status\":\"Committing\"", record.GetProperty("before").GetString(), StringComparison.Ordinal);
        Assert.Contains("\"status\":\"Committed\"", record.GetProperty("after").GetString(), StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Roles_NoKey401_UnknownKey401_ViewerReadsButCannotAct_WhoAmISaysTheRole()
    {
        var xid = await BeginAsync("roles");

        using var anonymous = await _http.GetAsync("/api/v1/admin/transactions");
        var unknown = await GetAsync("/api/v1/admin/transactions", "no-such-key-0123456789");
        var viewerReads = await GetAsync($"/api/v1/admin/transactions/{xid}", ViewerKey);
        var viewerActs = await PostAsync($"/api/v1/admin/transactions/{xid}/force-rollback", ViewerKey, new { reason = "trying" });
        var whoami = await GetJsonAsync("/api/v1/admin/whoami", ViewerKey);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, viewerReads.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, viewerActs.StatusCode);
        Assert.Contains("needs the Operator role", await viewerActs.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("bob", whoami.GetProperty("name").GetString());
        Assert.Equal("ReadOnly", whoami.GetProperty("role").GetString());
        Assert.Equal("Active", (await _coordinator.Tm.GetStatusAsync(new GetStatusRequest { Xid = xid })).Status.ToString());
        var refused = await GetJsonAsync($"/api/v1/admin/audit?actor=bob&target=/api/v1/admin/transactions/{xid}", OperatorKey);
        var record = Assert.Single(refused.EnumerateArray());
        Assert.Equal("force-rollback", record.GetProperty("action").GetString());
        Assert.Equal($"/api/v1/admin/transactions/{xid}/force-rollback", record.GetProperty("target").GetString());
        Assert.StartsWith("refused: forbidden: The API key 'bob' has the ReadOnly role", record.GetProperty("outcome").GetString(), StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task ForceRollback_ActiveRollsBack_RepeatIsANoOp_CommittingIsRefusedWithTheReason_UnknownIs404()
    {
        var active = await BeginAsync("to-roll-back");
        var branch = await RegisterAsync(active, _stock, "freeze");
        var committed = await BeginAsync("committed");
        await RegisterAsync(committed, _stock, "freeze");
        await _coordinator.Tm.CommitAsync(new CommitRequest { Xid = committed });

        var first = await ReadAsync(await PostAsync($"/api/v1/admin/transactions/{active}/force-rollback", OperatorKey, new { reason = "customer cancelled" }));
        await Eventually.WaitAsync(
            async () => (await _coordinator.Tm.GetStatusAsync(new GetStatusRequest { Xid = active })).Status == GlobalStatus.RolledBack,
            TimeSpan.FromSeconds(60),
            "the forced rollback finished");
        var again = await ReadAsync(await PostAsync($"/api/v1/admin/transactions/{active}/force-rollback", OperatorKey, new { reason = "customer cancelled" }));
        var refused = await PostAsync($"/api/v1/admin/transactions/{committed}/force-rollback", OperatorKey, new { reason = "too late" });
        var unknown = await PostAsync("/api/v1/admin/transactions/123456789/force-rollback", OperatorKey, new { reason = "ghost" });

        Assert.Contains(first.GetProperty("status").GetString(), new[] { "RollingBack", "RolledBack" });
        Assert.Equal("nothing to do: already RolledBack", again.GetProperty("outcome").GetString());
        Assert.Equal("cancel", _stock.Effects[branch]);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("already Committed", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(GlobalStatus.Committed, (await _coordinator.Tm.GetStatusAsync(new GetStatusRequest { Xid = committed })).Status);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var refusal = Assert.Single((await GetJsonAsync($"/api/v1/admin/audit?target=transaction/{committed}", ViewerKey)).EnumerateArray());
        Assert.StartsWith("refused: ", refusal.GetProperty("outcome").GetString(), StringComparison.Ordinal);
        Assert.Equal("not-found", Assert.Single((await GetJsonAsync("/api/v1/admin/audit?target=transaction/123456789", ViewerKey)).EnumerateArray()).GetProperty("outcome").GetString());
    }

    [PostgresFact]
    public async Task ResolveBranch_StuckBranchResolvedByHand_TransactionFinishes_RepeatIsANoOp_ActiveIsRefused()
    {
        _points.Broken = true;
        var xid = await BeginAsync("resolve");
        await RegisterAsync(xid, _stock, "freeze");
        var broken = await RegisterAsync(xid, _points, "add-points");
        await _coordinator.Tm.CommitAsync(new CommitRequest { Xid = xid, ReturnAfterDecision = true });
        var active = await BeginAsync("still-active");
        var activeBranch = await RegisterAsync(active, _stock, "freeze");

        var resolved = await ReadAsync(await PostAsync($"/api/v1/admin/transactions/{xid}/branches/{broken}/resolve", OperatorKey, new { reason = "points granted by hand in the back office" }));
        var again = await ReadAsync(await PostAsync($"/api/v1/admin/transactions/{xid}/branches/{broken}/resolve", OperatorKey, new { reason = "again" }));
        var refused = await PostAsync($"/api/v1/admin/transactions/{active}/branches/{activeBranch}/resolve", OperatorKey, new { reason = "not yet" });
        var wrongBranch = await PostAsync($"/api/v1/admin/transactions/{xid}/branches/987654321/resolve", OperatorKey, new { reason = "no such branch" });

        Assert.Equal("Committed", resolved.GetProperty("status").GetString());
        Assert.StartsWith("nothing to do", again.GetProperty("outcome").GetString(), StringComparison.Ordinal);
        var detail = await GetJsonAsync($"/api/v1/admin/transactions/{xid}", ViewerKey);
        var branch = detail.GetProperty("branches").EnumerateArray().Single(b => b.GetProperty("branchId").GetString() == Id(broken));
        Assert.Equal("ManuallyResolved", branch.GetProperty("status").GetString());
        Assert.Contains("alice", branch.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("Active", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, wrongBranch.StatusCode);
    }

    [PostgresFact]
    public async Task Redrive_ClearsNeedsAttentionAndRunsARound_Delete_OnlyFinished_ThenGone()
    {
        _points.Broken = true;
        var xid = await BeginAsync("redrive");
        await RegisterAsync(xid, _points, "add-points");
        await _coordinator.Tm.CommitAsync(new CommitRequest { Xid = xid, ReturnAfterDecision = true });
        await Eventually.WaitAsync(
            async () => (await GetJsonAsync($"/api/v1/admin/transactions/{xid}", ViewerKey)).GetProperty("transaction").GetProperty("needsAttention").GetBoolean(),
            TimeSpan.FromSeconds(60),
            "flagged");

        var notFinished = await PostAsync($"/api/v1/admin/transactions/{xid}/delete", OperatorKey, new { reason = "cleanup" });
        _points.Broken = false;
        var redriven = await ReadAsync(await PostAsync($"/api/v1/admin/transactions/{xid}/redrive", OperatorKey, new { reason = "fixed" }));
        var view = (await GetJsonAsync($"/api/v1/admin/transactions/{xid}", ViewerKey)).GetProperty("transaction");
        var deleted = await ReadAsync(await PostAsync($"/api/v1/admin/transactions/{xid}/delete", OperatorKey, new { reason = "cleanup" }));
        var gone = await GetAsync($"/api/v1/admin/transactions/{xid}", ViewerKey);
        var deletedAgain = await PostAsync($"/api/v1/admin/transactions/{xid}/delete", OperatorKey, new { reason = "cleanup" });

        Assert.Equal(HttpStatusCode.Conflict, notFinished.StatusCode);
        Assert.Contains("only finished", await notFinished.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("Committed", redriven.GetProperty("status").GetString());
        Assert.False(view.GetProperty("needsAttention").GetBoolean());
        Assert.Equal("Deleted", deleted.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, deletedAgain.StatusCode);
        var actions = (await GetJsonAsync($"/api/v1/admin/audit?target=transaction/{xid}", ViewerKey)).EnumerateArray().Select(r => r.GetProperty("action").GetString()).ToList();
        Assert.Equal(["delete", "delete", "redrive", "delete"], actions);
    }

    [PostgresFact]
    public async Task MalformedInput_400NamingTheField_NothingDoneOrAudited()
    {
        var xid = await BeginAsync("malformed");

        var noReason = await PostAsync($"/api/v1/admin/transactions/{xid}/force-rollback", OperatorKey, new { });
        var longReason = await PostAsync($"/api/v1/admin/transactions/{xid}/force-rollback", OperatorKey, new { reason = new string('x', 1025) });
        var badXid = await PostAsync("/api/v1/admin/transactions/not-a-number/retry", OperatorKey, new { reason = "r" });
        var badStatus = await GetAsync("/api/v1/admin/transactions?status=Bogus", ViewerKey);
        var badLimit = await GetAsync("/api/v1/admin/transactions?limit=100000", ViewerKey);
        using var notJson = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/admin/transactions/{xid}/force-rollback")
        {
            Content = new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json"),
        };
        notJson.Headers.Add("X-Api-Key", OperatorKey);
        var notJsonResponse = await _http.SendAsync(notJson);

        await AssertFieldAsync(noReason, "reason");
        await AssertFieldAsync(longReason, "reason");
        await AssertFieldAsync(badXid, "xid");
        await AssertFieldAsync(badStatus, "status");
        await AssertFieldAsync(badLimit, "limit");
        Assert.Equal(HttpStatusCode.BadRequest, notJsonResponse.StatusCode);
        Assert.DoesNotContain(" at ", await notJsonResponse.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(GlobalStatus.Active, (await _coordinator.Tm.GetStatusAsync(new GetStatusRequest { Xid = xid })).Status);
        Assert.Empty((await GetJsonAsync($"/api/v1/admin/audit?target=transaction/{xid}", ViewerKey)).EnumerateArray());
    }

    [PostgresFact]
    public async Task List_FiltersByStatusNameAndResource_PagesWithTheCursor_CountsPerStatus()
    {
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            var xid = await BeginAsync($"paged-{i}");
            await RegisterAsync(xid, i % 2 == 0 ? _stock : _points, "act");
            ids.Add(xid);
        }

        var page1 = await GetJsonAsync("/api/v1/admin/transactions?name=paged-&limit=2", ViewerKey);
        var page2 = await GetJsonAsync($"/api/v1/admin/transactions?name=paged-&limit=2&cursor={page1.GetProperty("nextCursor").GetString()}", ViewerKey);
        var page3 = await GetJsonAsync($"/api/v1/admin/transactions?name=paged-&limit=2&cursor={page2.GetProperty("nextCursor").GetString()}", ViewerKey);
        var onPoints = await ListAsync("resource=points&name=paged-");
        var committed = await ListAsync("status=Committed&name=paged-");
        var counts = await GetJsonAsync("/api/v1/admin/transactions/counts", ViewerKey);

        var paged = new[] { page1, page2, page3 }.SelectMany(p => p.GetProperty("items").EnumerateArray()).Select(t => t.GetProperty("xid").GetString()).ToList();
        Assert.Equal(ids.OrderByDescending(x => x).Select(Id), paged);
        Assert.Equal(JsonValueKind.Null, page3.GetProperty("nextCursor").ValueKind);
        Assert.Equal([Id(ids[3]), Id(ids[1])], onPoints.Select(t => t.GetProperty("xid").GetString()));
        Assert.Empty(committed);
        Assert.True(counts.GetProperty("byStatus").GetProperty("Active").GetInt32() >= 5);
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static async Task AssertFieldAsync(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("errors").TryGetProperty(field, out _), body);
    }

    private async Task<long> BeginAsync(string name) =>
        (await _coordinator.Tm.BeginAsync(new BeginRequest { Name = name, TimeoutMs = 120_000, ApplicationId = "orders" })).Xid;

    private async Task<long> RegisterAsync(long xid, TestParticipant participant, string action) =>
        (await _coordinator.Rm.RegisterBranchAsync(new RegisterBranchRequest
        {
            Xid = xid,
            ResourceId = participant.Name,
            ActionName = action,
            BranchType = BranchType.Tcc,
            ParticipantEndpoint = participant.GrpcEndpoint,
            Protocol = ParticipantProtocol.Grpc,
            ActionContext = "{}",
        })).BranchId;

    private async Task<List<JsonElement>> ListAsync(string query) =>
        (await GetJsonAsync("/api/v1/admin/transactions?" + query, ViewerKey)).GetProperty("items").EnumerateArray().ToList();

    private async Task<HttpResponseMessage> GetAsync(string path, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Api-Key", key);
        return await _http.SendAsync(request);
    }

    private async Task<JsonElement> GetJsonAsync(string path, string key) => await ReadAsync(await GetAsync(path, key));

    private async Task<HttpResponseMessage> PostAsync(string path, string key, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("X-Api-Key", key);
        return await _http.SendAsync(request);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
