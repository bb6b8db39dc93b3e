using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Transactions.ReliableMessage.IntegrationTests.Infrastructure;
using Transactions.ReliableMessage.Protocol.V1;
using Transactions.Testing;

namespace Transactions.ReliableMessage.IntegrationTests;

/// <summary>
/// The admin API of a real service process (PostgreSQL, push transport): API keys and roles over HTTP and gRPC,
/// required reasons, refusals, repeated actions, and the audit log that records every action.
/// </summary>
public sealed class AdminApiTests : IAsyncLifetime
{
    private const string Group = "admin-billing";

    private readonly string _suffix = Guid.NewGuid().ToString("N")[..8];
    private readonly List<IAsyncDisposable> _cleanup = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(15) };
    private ServiceProcess _service = null!;

    public async Task InitializeAsync()
    {
        if (TestEnvironment.PostgresConnectionString is null)
        {
            return;
        }

        var database = await PostgresDatabase.CreateAsync("rm_admin");
        _cleanup.Add(database);
        // One back-check before parking, so a re-checked message with an unreachable producer parks at once.
        _service = await ServiceProcess.StartAsync(database.ConnectionString, transport: "Push", new Dictionary<string, string> { ["ReliableMessage__MaxCheckAttempts"] = "1" });
        _cleanup.Add(_service);
        _http.BaseAddress = new Uri(_service.HttpAddress);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        for (var i = _cleanup.Count - 1; i >= 0; i--)
        {
            await _cleanup[i].DisposeAsync();
        }
    }

    [PostgresFact]
    public async Task Http_KeysAndRoles_401WithoutOrWithUnknownKey_ReadOnlyReads_OperatorActs()
    {
        var id = await CommittedMessageAsync();
        var target = $"/api/v1/admin/messages/{id}/deliveries/{Group}/requeue";

        using var anonymous = await SendAsync(HttpMethod.Get, "/api/v1/admin/dead-letters", key: null);
        using var unknown = await SendAsync(HttpMethod.Get, "/api/v1/admin/dead-letters", key: "not-a-key-of-this-service");
        using var viewerReads = await SendAsync(HttpMethod.Get, "/api/v1/admin/dead-letters", ServiceProcess.ViewerKey);
        using var viewerActs = await SendAsync(HttpMethod.Post, target, ServiceProcess.ViewerKey, new { reason = "trying" });
        using var operatorActs = await SendAsync(HttpMethod.Post, target, ServiceProcess.OperatorKey, new { reason = "customer asked" });

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("X-Api-Key", await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, viewerReads.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, viewerActs.StatusCode);
        Assert.Contains("'test-viewer' has the ReadOnly role", await viewerActs.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, operatorActs.StatusCode);
        var refused = Assert.Single(await AuditAsync(target));
        Assert.Equal(("test-viewer", "requeue"), (refused.GetProperty("actor").GetString(), refused.GetProperty("action").GetString()));
        Assert.StartsWith("refused: forbidden: ", refused.GetProperty("outcome").GetString(), StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Http_MalformedInput_400NamingTheFieldAndNothingAudited()
    {
        var id = await CommittedMessageAsync();
        var target = $"/api/v1/admin/messages/{id}/deliveries/{Group}/requeue";

        using var noReason = await SendAsync(HttpMethod.Post, target, ServiceProcess.OperatorKey, new { });
        using var blankReason = await SendAsync(HttpMethod.Post, target, ServiceProcess.OperatorKey, new { reason = "   " });
        using var longReason = await SendAsync(HttpMethod.Post, target, ServiceProcess.OperatorKey, new { reason = new string('r', 5000) });
        using var notJson = await SendRawAsync(target, "{ this is not json", ServiceProcess.OperatorKey);
        using var badLimit = await SendAsync(HttpMethod.Get, "/api/v1/admin/audit?limit=0", ServiceProcess.ViewerKey);

        foreach (var response in new[] { noReason, blankReason, longReason })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await ReadAsync(response, expectSuccess: false);
            Assert.True(problem.GetProperty("errors").TryGetProperty("reason", out _), problem.ToString());
        }

        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.DoesNotContain(" at ", await notJson.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
        Assert.True((await ReadAsync(badLimit, expectSuccess: false)).GetProperty("errors").TryGetProperty("limit", out _));
        Assert.Empty(await AuditAsync($"message/{id}"));
    }

    [PostgresFact]
    public async Task Http_RefusedUnknownAndRepeatedActions_AnsweredClearlyAndAllAudited()
    {
        var id = await CommittedMessageAsync();
        var delivery = $"/api/v1/admin/messages/{id}/deliveries/{Group}";

        // Not a dead letter: discarding is refused (409) and changes nothing; requeue of a live delivery is a no-op, safe to repeat.
        using var discard = await SendAsync(HttpMethod.Post, delivery + "/discard", ServiceProcess.OperatorKey, new { reason = "noise" });
        using var requeue1 = await SendAsync(HttpMethod.Post, delivery + "/requeue", ServiceProcess.OperatorKey, new { reason = "retry please" });
        using var requeue2 = await SendAsync(HttpMethod.Post, delivery + "/requeue", ServiceProcess.OperatorKey, new { reason = "retry please" });
        using var unknown = await SendAsync(HttpMethod.Post, "/api/v1/admin/messages/999999/resolve", ServiceProcess.OperatorKey, new { commit = true, reason = "ghost" });

        Assert.Equal(HttpStatusCode.Conflict, discard.StatusCode);
        Assert.Contains("only dead letters can be discarded", await discard.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, requeue1.StatusCode);
        Assert.Equal(HttpStatusCode.OK, requeue2.StatusCode);
        Assert.Equal(
            (await ReadAsync(requeue1)).GetProperty("status").GetString(),
            (await ReadAsync(requeue2)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        var records = await AuditAsync($"message/{id}");
        Assert.Equal(["requeue", "requeue", "discard"], records.Select(r => r.GetProperty("action").GetString()));
        Assert.All(records, r => Assert.Equal(ServiceProcess.OperatorName, r.GetProperty("actor").GetString()));
        Assert.All(records, r => Assert.Equal($"message/{id}/delivery/{Group}", r.GetProperty("target").GetString()));
        var refused = records[2];
        Assert.Equal("noise", refused.GetProperty("reason").GetString());
        Assert.StartsWith("refused: ", refused.GetProperty("outcome").GetString(), StringComparison.Ordinal);
        Assert.Equal(refused.GetProperty("before").GetString(), refused.GetProperty("after").GetString());
        Assert.Contains("\"status\":", records[0].GetProperty("before").GetString(), StringComparison.Ordinal);
        Assert.Equal("done", records[0].GetProperty("outcome").GetString());
        var ghost = Assert.Single(await AuditAsync("message/999999"));
        Assert.Equal("not-found", ghost.GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, ghost.GetProperty("before").ValueKind);
    }

    [PostgresFact]
    public async Task Grpc_KeysAndRoles_UnauthenticatedWithoutKey_PermissionDeniedForViewer_OperatorAuditedAsTheKeyName()
    {
        var id = await CommittedMessageAsync();
        var request = new DeliveryActionRequest { MessageId = id, ConsumerGroup = Group, Reason = "over gRPC", Actor = "someone-else" };

        var anonymous = await Assert.ThrowsAsync<RpcException>(() => _service.Admin.ListDeadLettersAsync(new ListDeadLettersRequest()).ResponseAsync);
        var viewerList = await _service.Admin.ListDeadLettersAsync(new ListDeadLettersRequest(), ServiceProcess.AsViewer);
        var viewerActs = await Assert.ThrowsAsync<RpcException>(() => _service.Admin.RequeueAsync(request, ServiceProcess.AsViewer).ResponseAsync);
        await _service.Admin.RequeueAsync(request, ServiceProcess.AsOperator);

        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
        Assert.Contains("API key", anonymous.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(viewerList.DeadLetters);
        Assert.Equal(StatusCode.PermissionDenied, viewerActs.StatusCode);
        Assert.Contains("Operator", viewerActs.Status.Detail, StringComparison.Ordinal);
        var record = Assert.Single(await AuditAsync($"message/{id}"));
        Assert.Equal(ServiceProcess.OperatorName, record.GetProperty("actor").GetString());
        Assert.Equal("over gRPC", record.GetProperty("reason").GetString());
    }

    [PostgresFact]
    public async Task Http_Recheck_ChecksPreparedNowThenParks_RecheckOfParkedChecksAgain_FinishedRefused409_AllAudited()
    {
        var id = await PreparedMessageAsync($"shop-{_suffix}");
        var committed = await CommittedMessageAsync();
        var target = $"/api/v1/admin/messages/{id}/recheck";

        // The check delay is 30 s: only the re-check makes recovery ask the (unreachable) producer now, and with one
        // attempt allowed the message parks.
        using var first = await SendAsync(HttpMethod.Post, target, ServiceProcess.OperatorKey, new { reason = "producer is back" });
        Assert.Equal("Prepared", (await ReadAsync(first)).GetProperty("status").GetString());
        await WaitForParkedAsync(id, checkAttempts: 1);
        using var second = await SendAsync(HttpMethod.Post, target, ServiceProcess.OperatorKey, new { reason = "try once more" });
        Assert.Equal("Prepared", (await ReadAsync(second)).GetProperty("status").GetString());
        await WaitForParkedAsync(id, checkAttempts: 2);
        using var finished = await SendAsync(HttpMethod.Post, $"/api/v1/admin/messages/{committed}/recheck", ServiceProcess.OperatorKey, new { reason = "why not" });
        using var viewer = await SendAsync(HttpMethod.Post, target, ServiceProcess.ViewerKey, new { reason = "trying" });
        using var noReason = await SendAsync(HttpMethod.Post, target, ServiceProcess.OperatorKey, new { });

        Assert.Equal(HttpStatusCode.Conflict, finished.StatusCode);
        Assert.Contains("only prepared or parked messages can be re-checked", await finished.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, viewer.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        var records = await AuditAsync($"message/{id}");
        Assert.Equal(["recheck", "recheck"], records.Select(r => r.GetProperty("action").GetString()));
        Assert.All(records, r => Assert.Equal("done", r.GetProperty("outcome").GetString()));
        Assert.Contains("\"status\":\"Parked\"", records[0].GetProperty("before").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("refused: ", Assert.Single(await AuditAsync($"message/{committed}")).GetProperty("outcome").GetString(), StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Http_ListingFiltersCursorAndCounts_MalformedQuery400NamingTheField()
    {
        var producer = $"shop-{_suffix}";
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await PreparedMessageAsync(producer));
        }

        var other = await PreparedMessageAsync($"other-{_suffix}");
        foreach (var id in ids.Append(other))
        {
            using var recheck = await SendAsync(HttpMethod.Post, $"/api/v1/admin/messages/{id}/recheck", ServiceProcess.OperatorKey, new { reason = "park it" });
            Assert.Equal(HttpStatusCode.OK, recheck.StatusCode);
        }

        foreach (var id in ids.Append(other))
        {
            await WaitForParkedAsync(id, checkAttempts: 1);
        }

        var page1 = await GetListAsync($"/api/v1/admin/parked?producerGroup={producer}&limit=2");
        var page2 = await GetListAsync($"/api/v1/admin/parked?producerGroup={producer}&limit=2&before={page1[^1].GetProperty("messageId").GetString()}");
        var dead = await GetListAsync($"/api/v1/admin/dead-letters?consumerGroup={Group}&topic=admin-{_suffix}&minAgeSeconds=60&limit=10");
        using var countsResponse = await SendAsync(HttpMethod.Get, "/api/v1/admin/counts", ServiceProcess.ViewerKey);
        var counts = await ReadAsync(countsResponse);

        var newestFirst = ids.OrderDescending().Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(newestFirst, page1.Concat(page2).Select(m => m.GetProperty("messageId").GetString()));
        Assert.All(page1.Concat(page2), m => Assert.Equal(producer, m.GetProperty("producerGroup").GetString()));
        Assert.Empty(dead);
        Assert.True(counts.GetProperty("messages").GetProperty("Parked").GetInt64() >= 4);
        Assert.Equal(0, counts.GetProperty("messages").GetProperty("RolledBack").GetInt64());
        Assert.True(counts.GetProperty("deliveries").TryGetProperty("Dead", out _));
        Assert.Equal(0, counts.GetProperty("deadLetters").GetInt64());

        foreach (var (query, field) in new[]
        {
            ("/api/v1/admin/parked?limit=abc", "limit"),
            ("/api/v1/admin/parked?limit=0", "limit"),
            ("/api/v1/admin/parked?before=-5", "before"),
            ("/api/v1/admin/dead-letters?minAgeSeconds=soon", "minAgeSeconds"),
            ("/api/v1/admin/dead-letters?before=x", "before"),
        })
        {
            using var bad = await SendAsync(HttpMethod.Get, query, ServiceProcess.ViewerKey);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.True((await ReadAsync(bad, expectSuccess: false)).GetProperty("errors").TryGetProperty(field, out _), query);
        }
    }

    [PostgresFact]
    public async Task Http_OpenApiDocument_Anonymous_ListsTheAdminPaths()
    {
        using var response = await SendAsync(HttpMethod.Get, "/openapi/v1.json", key: null);

        var paths = (await ReadAsync(response)).GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/admin/dead-letters", paths);
        Assert.Contains("/api/v1/admin/counts", paths);
        Assert.Contains("/api/v1/admin/messages/{id}/recheck", paths);
        Assert.Contains("/api/v1/admin/messages/{id}/deliveries/{group}/requeue", paths);
    }

    private async Task<long> PreparedMessageAsync(string producerGroup) =>
        (await _service.Client.PrepareAsync(new PrepareRequest
        {
            Topic = $"admin-{_suffix}",
            Key = "k",
            ProducerGroup = producerGroup,
            CheckEndpoint = "http://127.0.0.1:9",
        })).MessageId;

    private Task WaitForParkedAsync(long id, int checkAttempts) =>
        Eventually.WaitAsync(
            async () => (await _service.Client.GetMessageAsync(new GetMessageRequest { MessageId = id })) is { Status: MessageStatus.Parked } m && m.CheckAttempts >= checkAttempts,
            TimeSpan.FromSeconds(60),
            $"message {id} was checked ({checkAttempts}) and parked");

    private async Task<List<JsonElement>> GetListAsync(string path)
    {
        using var response = await SendAsync(HttpMethod.Get, path, ServiceProcess.ViewerKey);
        return (await ReadAsync(response)).EnumerateArray().ToList();
    }

    [PostgresFact]
    public async Task Metrics_ReadableWithAnyAdminKey_CountTheDeliveryAwaitingItsConsumer()
    {
        await CommittedMessageAsync();

        using var anonymous = await SendAsync(HttpMethod.Get, "/api/v1/admin/metrics", key: null);
        using var viewer = await SendAsync(HttpMethod.Get, "/api/v1/admin/metrics", ServiceProcess.ViewerKey);
        var metrics = await ReadAsync(viewer);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        // No consumer answers for this group: its delivery is pending or sent and not acknowledged.
        Assert.True(metrics.GetProperty("awaitingAck").GetInt64() + metrics.GetProperty("pendingDeliveries").GetInt64() >= 1, metrics.ToString());
        Assert.Equal(0, metrics.GetProperty("deadLetters").GetInt64());
        Assert.True(metrics.GetProperty("messagesByStatus").EnumerateObject().Sum(p => p.Value.GetInt64()) >= 1, metrics.ToString());
        Assert.True(metrics.GetProperty("refreshedUnixMs").GetInt64() > 0);
    }

    private async Task<long> CommittedMessageAsync()
    {
        var topic = $"admin-{_suffix}";
        var subscribe = await _service.Client.SubscribeAsync(new SubscribeRequest { ConsumerGroup = Group, Topics = { topic } });
        Assert.NotNull(subscribe);
        var prepared = await _service.Client.PrepareAsync(new PrepareRequest { Topic = topic, Key = "k", ProducerGroup = "admin-shop" });
        await _service.Client.CommitAsync(new CommitRequest { MessageId = prepared.MessageId });
        await Eventually.WaitAsync(
            async () => (await _service.Client.GetMessageAsync(new GetMessageRequest { MessageId = prepared.MessageId })).Deliveries.Count > 0,
            TimeSpan.FromSeconds(60),
            "the committed message has its delivery row");
        return prepared.MessageId;
    }

    private async Task<List<JsonElement>> AuditAsync(string target)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/api/v1/admin/audit?target={Uri.EscapeDataString(target)}", ServiceProcess.ViewerKey);
        return (await ReadAsync(response)).EnumerateArray().ToList();
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return _http.SendAsync(request);
    }

    private Task<HttpResponseMessage> SendRawAsync(string path, string json, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Api-Key", key);
        return _http.SendAsync(request);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, bool expectSuccess = true)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (expectSuccess)
        {
            Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        }

        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
