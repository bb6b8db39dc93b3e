using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using Transactions.Admin.Security;
using Transactions.ReliableMessage.IntegrationTests.Infrastructure;
using Transactions.ReliableMessage.Protocol.V1;
using Transactions.Testing;
using Transactions.Testing.Webhooks;

namespace Transactions.ReliableMessage.IntegrationTests.Notifications;

/// <summary>
/// Best-effort notifications end to end: a real service process (PostgreSQL, and SQLite) POSTs to a real HTTP receiver
/// (Kestrel on loopback) on a shortened retry schedule (two retries, 0.5 s apart), signed with the application's secret;
/// the receiver reads the notification with its query token; operators list failed ones and retry them.
/// </summary>
public sealed class NotificationTests : IAsyncLifetime
{
    private const string ShopKey = "shop-app-key-0123456789";
    private const string ShopSecret = "shop-notification-secret-0123456789";
    private const string OtherKey = "other-app-key-0123456789";
    private const string ServiceSecret = "service-wide-secret-0123456789";
    private readonly List<IAsyncDisposable> _cleanup = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly string _sqlitePath = Path.Combine(Path.GetTempPath(), $"rm-notify-{Guid.NewGuid():N}.db");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _http.Dispose();
        for (var i = _cleanup.Count - 1; i >= 0; i--)
        {
            await _cleanup[i].DisposeAsync();
        }

        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            File.Delete(_sqlitePath + suffix);
        }
    }

    [PostgresTheory]
    [InlineData("PostgreSql")]
    [InlineData("Sqlite")]
    public async Task ReceiverFailsTwiceThenAnswers200_GetsThreeSignedPostsOnTheScheduleAndItEndsAcknowledged(string provider)
    {
        var receiver = await ReceiverAsync(500, 500, 200);
        var service = await StartAsync(provider);
        var body = "{\"order\":\"o-1\",\"paid\":true,\"note\":\"é\"}"u8.ToArray();

        var created = await service.Client.NotifyAsync(
            new NotifyRequest { Url = CallbackUrl(receiver), Body = ByteString.CopyFrom(body), Key = "order-o-1-paid" }, AsShop);
        var final = await WaitForStatusAsync(service, created, NotificationStatus.Acknowledged);

        var calls = receiver.Calls;
        Assert.Equal(3, calls.Count);
        Assert.All(calls, c => Assert.Equal(body, c.Body));
        Assert.All(calls, c => Assert.True(WebhookReceiver.SignedWith(c, ShopSecret), $"call {c.Header(AttemptHeader)} is not signed with the shop's secret"));
        Assert.All(calls, c => Assert.False(WebhookReceiver.SignedWith(c, ServiceSecret)));
        Assert.All(calls, c => Assert.Equal(created.NotificationId.ToString(System.Globalization.CultureInfo.InvariantCulture), c.Header(NotificationIdHeader)));
        Assert.Equal(new[] { "1", "2", "3" }, calls.Select(c => c.Header(AttemptHeader)));
        Assert.Equal("application/json", calls[0].ContentType);
        // The retries waited for the schedule (0.5 s), not for a poll only.
        Assert.All(calls.Zip(calls.Skip(1)), pair => Assert.True(pair.Second.At - pair.First.At >= TimeSpan.FromMilliseconds(450), $"retry after {(pair.Second.At - pair.First.At).TotalMilliseconds} ms"));
        Assert.Equal((3, 200, 0L), (final.Attempts, final.LastStatusCode, final.NextAttemptUnixMs));
        Assert.True(final.CompletedUnixMs > 0);
    }

    [PostgresTheory]
    [InlineData("PostgreSql")]
    [InlineData("Sqlite")]
    public async Task ReceiverNeverAnswers_EndsFailedVisibleToOperators_AndAnOperatorRetrySendsItAgain(string provider)
    {
        var receiver = await ReceiverAsync(0); // hangs: every attempt times out (Notifications:Timeout 1 s)
        var service = await StartAsync(provider);
        var created = await service.Client.NotifyAsync(new NotifyRequest { Url = CallbackUrl(receiver), Body = ByteString.CopyFromUtf8("{}"), Key = "k-never" }, AsShop);

        var failed = await WaitForStatusAsync(service, created, NotificationStatus.Failed);
        var listed = await AdminListAsync(service, "Failed", ServiceProcess.ViewerKey);
        var grpcListed = await service.Admin.ListNotificationsAsync(new ListNotificationsRequest { Status = NotificationStatus.Failed }, ServiceProcess.AsViewer);
        var viewerRetry = await PostJsonAsync(service, $"/api/v1/admin/notifications/{created.NotificationId}/retry", new { reason = "merchant is back" }, ("x-api-key", ServiceProcess.ViewerKey));
        var noReason = await PostJsonAsync(service, $"/api/v1/admin/notifications/{created.NotificationId}/retry", new { }, ("x-api-key", ServiceProcess.OperatorKey));
        var retried = await PostJsonAsync(service, $"/api/v1/admin/notifications/{created.NotificationId}/retry", new { reason = "merchant is back" }, ("x-api-key", ServiceProcess.OperatorKey));
        var retriedStatus = JsonDocument.Parse(await retried.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString();
        await Eventually.WaitAsync(() => Task.FromResult(receiver.Calls.Any(c => AttemptOf(c) >= 4)), TimeSpan.FromSeconds(30), "the operator's retry reached the receiver");

        Assert.Equal(3, failed.Attempts);
        Assert.Contains("No answer within 1 s", failed.LastError, StringComparison.Ordinal);
        var row = Assert.Single(listed.EnumerateArray(), n => n.GetProperty("notificationId").GetString() == created.NotificationId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("Failed", row.GetProperty("status").GetString());
        Assert.Equal(CallbackUrl(receiver), row.GetProperty("url").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, viewerRetry.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal("Pending", retriedStatus);
        // The retry continues the count (4, ...). Under load the hanging receiver may not have read a request before
        // the 1 s timeout cut it off, so not every attempt is necessarily recorded: numbers only rise, never repeat.
        var attempts = receiver.Calls.Select(AttemptOf).ToList();
        Assert.Equal(attempts.Distinct().Order(), attempts);
        Assert.Contains(attempts, a => a >= 4);
        Assert.Equal((3, NotificationStatus.Failed), Assert.Single(grpcListed.Notifications, n => n.NotificationId == created.NotificationId) is var g ? (g.Attempts, g.Status) : default);
        using var audit = await SendAsync(service, HttpMethod.Get, $"/api/v1/admin/audit?target=notification/{created.NotificationId}", ("x-api-key", ServiceProcess.ViewerKey));
        var actions = JsonDocument.Parse(await audit.Content.ReadAsStringAsync()).RootElement.EnumerateArray()
            .Select(a => (a.GetProperty("actor").GetString(), a.GetProperty("action").GetString(), a.GetProperty("outcome").GetString()![..4])).ToList();
        Assert.Contains((ServiceProcess.OperatorName, "retry-notification", "done"), actions);
    }

    [PostgresTheory]
    [InlineData("PostgreSql")]
    [InlineData("Sqlite")]
    public async Task ReceiverQuery_WithItsTokenOrTheNotifyingApplicationsKey_OthersGetNotFound(string provider)
    {
        var receiver = await ReceiverAsync(200);
        var service = await StartAsync(provider);
        using var notify = await PostJsonAsync(
            service, "/api/v1/notifications", new { url = CallbackUrl(receiver), body = "{\"refund\":42}", key = "refund-42", contentType = "application/json; charset=utf-8" }, ("x-rm-app-key", ShopKey));
        var answer = JsonDocument.Parse(await notify.Content.ReadAsStringAsync()).RootElement;
        var id = answer.GetProperty("notificationId").GetString();
        var token = answer.GetProperty("queryToken").GetString()!;
        await Eventually.WaitAsync(() => Task.FromResult(receiver.Calls.Count == 1), TimeSpan.FromSeconds(30), "the POST");

        using var byToken = await SendAsync(service, HttpMethod.Get, $"/api/v1/notifications/{id}", ("X-Transactions-Notification-Token", token));
        using var byOwner = await SendAsync(service, HttpMethod.Get, $"/api/v1/notifications/{id}", ("x-rm-app-key", ShopKey));
        using var wrongToken = await SendAsync(service, HttpMethod.Get, $"/api/v1/notifications/{id}", ("X-Transactions-Notification-Token", token[..^2] + "xx"));
        using var otherApp = await SendAsync(service, HttpMethod.Get, $"/api/v1/notifications/{id}", ("x-rm-app-key", OtherKey));
        using var nobody = await SendAsync(service, HttpMethod.Get, $"/api/v1/notifications/{id}");
        using var unknownId = await SendAsync(service, HttpMethod.Get, "/api/v1/notifications/12345", ("X-Transactions-Notification-Token", token));
        var grpc = await service.Client.GetNotificationAsync(new GetNotificationRequest { NotificationId = long.Parse(id!, System.Globalization.CultureInfo.InvariantCulture), QueryToken = token });

        Assert.Equal(HttpStatusCode.OK, notify.StatusCode);
        Assert.False(answer.GetProperty("existing").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, byToken.StatusCode);
        var view = JsonDocument.Parse(await byToken.Content.ReadAsStringAsync()).RootElement;
        await Eventually.WaitAsync(
            async () => JsonDocument.Parse(await (await SendAsync(service, HttpMethod.Get, $"/api/v1/notifications/{id}", ("X-Transactions-Notification-Token", token))).Content.ReadAsStringAsync())
                .RootElement.GetProperty("status").GetString() == "Acknowledged",
            TimeSpan.FromSeconds(30),
            "acknowledged");
        Assert.Equal("{\"refund\":42}", view.GetProperty("body").GetString());
        Assert.Equal("refund-42", view.GetProperty("key").GetString());
        Assert.Equal("application/json; charset=utf-8", receiver.Calls[0].ContentType);
        Assert.Equal(HttpStatusCode.OK, byOwner.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, wrongToken.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherApp.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, nobody.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownId.StatusCode);
        Assert.Equal("{\"refund\":42}", grpc.Body.ToStringUtf8());
    }

    [PostgresTheory]
    [InlineData("PostgreSql")]
    [InlineData("Sqlite")]
    public async Task NotifyRepeatedWithTheSameKey_ReturnsTheSameNotificationAndCreatesNothing(string provider)
    {
        var receiver = await ReceiverAsync(200);
        var service = await StartAsync(provider);
        var request = new NotifyRequest { Url = CallbackUrl(receiver), Body = ByteString.CopyFromUtf8("{\"n\":1}"), Key = "same-key" };

        var first = await service.Client.NotifyAsync(request, AsShop);
        var second = await service.Client.NotifyAsync(request, AsShop);
        using var overHttp = await PostJsonAsync(service, "/api/v1/notifications", new { url = CallbackUrl(receiver), body = "{\"n\":1}", key = "same-key" }, ("x-rm-app-key", ShopKey));
        var third = JsonDocument.Parse(await overHttp.Content.ReadAsStringAsync()).RootElement;
        await WaitForStatusAsync(service, first, NotificationStatus.Acknowledged);
        await Task.Delay(TimeSpan.FromSeconds(1)); // a second POST, if there were a second notification, would be due by now
        var all = await AdminListAsync(service, null, ServiceProcess.ViewerKey);

        Assert.False(first.Existing);
        Assert.True(second.Existing);
        Assert.Equal(first.NotificationId, second.NotificationId);
        Assert.Equal(first.QueryToken, second.QueryToken);
        Assert.True(third.GetProperty("existing").GetBoolean());
        Assert.Equal(first.NotificationId.ToString(System.Globalization.CultureInfo.InvariantCulture), third.GetProperty("notificationId").GetString());
        Assert.Single(all.EnumerateArray());
        Assert.Single(receiver.Calls);
    }

    [PostgresTheory]
    [InlineData("PostgreSql")]
    [InlineData("Sqlite")]
    public async Task HostileInput_IsRefusedWithAnErrorNamingTheProblem_AndNothingIsStored(string provider)
    {
        var service = await StartAsync(provider);
        async Task<RpcException> Refused(NotifyRequest request, CallOptions options) =>
            await Assert.ThrowsAsync<RpcException>(async () => await service.Client.NotifyAsync(request, options));
        NotifyRequest Valid() => new() { Url = "http://127.0.0.1:9/callback", Body = ByteString.CopyFromUtf8("{}"), Key = "k" };

        var ftp = await Refused(WithUrl(Valid(), "ftp://127.0.0.1/callback"), AsShop);
        var file = await Refused(WithUrl(Valid(), "file:///etc/passwd"), AsShop);
        var relative = await Refused(WithUrl(Valid(), "/callback"), AsShop);
        var userInfo = await Refused(WithUrl(Valid(), "http://user:secret@127.0.0.1/callback"), AsShop);
        var notAllowedHost = await Refused(WithUrl(Valid(), "http://169.254.169.254/latest/meta-data"), AsShop);
        var oversized = await Refused(new NotifyRequest { Url = Valid().Url, Body = ByteString.CopyFrom(new byte[4097]), Key = "k" }, AsShop);
        var noKey = await Refused(new NotifyRequest { Url = Valid().Url, Body = ByteString.CopyFromUtf8("{}") }, AsShop);
        var longKey = await Refused(new NotifyRequest { Url = Valid().Url, Body = ByteString.CopyFromUtf8("{}"), Key = new string('k', 129) }, AsShop);
        var badType = await Refused(new NotifyRequest { Url = Valid().Url, Body = ByteString.CopyFromUtf8("{}"), Key = "k", ContentType = "text/plain\r\nX-Injected: 1" }, AsShop);
        var notAllowedToNotify = await Refused(Valid(), new CallOptions(new Metadata { { "x-rm-app-key", OtherKey } }));
        using var httpNoKey = await PostJsonAsync(service, "/api/v1/notifications", new { url = Valid().Url, body = "{}" }, ("x-rm-app-key", ShopKey));
        using var httpBadUrl = await PostJsonAsync(service, "/api/v1/notifications", new { url = "gopher://127.0.0.1/", body = "{}", key = "k" }, ("x-rm-app-key", ShopKey));
        var all = await AdminListAsync(service, null, ServiceProcess.ViewerKey);

        Assert.All(new[] { ftp, file, relative, userInfo }, e => Assert.Contains("Invalid 'url'", e.Status.Detail, StringComparison.Ordinal));
        Assert.All(new[] { ftp, file, relative, userInfo, notAllowedHost, oversized, noKey, longKey, badType }, e => Assert.Equal(StatusCode.InvalidArgument, e.StatusCode));
        Assert.Contains("is not an endpoint application 'shop' may use", notAllowedHost.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("has 4097 bytes; at most 4096", oversized.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("Invalid 'key': is required", noKey.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("Invalid 'key'", longKey.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("Invalid 'content_type'", badType.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.PermissionDenied, notAllowedToNotify.StatusCode);
        Assert.Contains("MayNotify", notAllowedToNotify.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, httpNoKey.StatusCode);
        Assert.Contains("key", await httpNoKey.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, httpBadUrl.StatusCode);
        Assert.Contains("not an absolute http:// or https:// URL", await httpBadUrl.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(all.EnumerateArray());
    }

    [PostgresTheory]
    [InlineData("PostgreSql")]
    [InlineData("Sqlite")]
    public async Task ServiceKilledWhileANotificationIsInFlight_AfterRestartItIsDelivered(string provider)
    {
        var receiver = await ReceiverAsync(0, 200); // the first POST hangs (the service is killed meanwhile), the next is answered
        var service = await StartAsync(provider, new Dictionary<string, string>
        {
            ["Notifications__Timeout"] = "00:00:20",
            ["Notifications__LeaseDuration"] = "00:01:00",
        });
        var created = await service.Client.NotifyAsync(new NotifyRequest { Url = CallbackUrl(receiver), Body = ByteString.CopyFromUtf8("{\"kill\":1}"), Key = "k-kill" }, AsShop);
        await Eventually.WaitAsync(() => Task.FromResult(receiver.Calls.Count == 1), TimeSpan.FromSeconds(30), "the first POST is in flight");

        service.Kill();
        await service.StartAgainAsync();
        var final = await WaitForStatusAsync(service, created, NotificationStatus.Acknowledged);

        Assert.Equal(2, receiver.Calls.Count);
        Assert.All(receiver.Calls, c => Assert.Equal("{\"kill\":1}", Encoding.UTF8.GetString(c.Body)));
        Assert.All(receiver.Calls, c => Assert.True(WebhookReceiver.SignedWith(c, ShopSecret)));
        // The killed run never wrote its attempt: the restarted run took its lease back at once and sent it again.
        Assert.Equal(1, final.Attempts);
        Assert.Contains("Took back 1 notification(s)", service.Output, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task MalformedNotificationSettings_TheServiceRefusesToStart_NamingEachSetting()
    {
        var database = await PostgresDatabase.CreateAsync("rm_notify_bad");
        _cleanup.Add(database);

        // Each options section is validated on its own: the first one that fails stops the start.
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => ServiceProcess.StartAsync(database.ConnectionString, transport: "Push", new Dictionary<string, string>
        {
            ["Notifications__Timeout"] = "00:00:30",
            ["Notifications__LeaseDuration"] = "00:00:10",
            ["Notifications__RetrySchedule__0"] = "-00:00:01",
            ["Notifications__SigningSecret"] = "short-secret",
        }));
        var appFailure = await Assert.ThrowsAsync<InvalidOperationException>(() => ServiceProcess.StartAsync(database.ConnectionString, transport: "Push", new Dictionary<string, string>
        {
            ["Security__Applications__0__ApplicationId"] = "shop",
            ["Security__Applications__0__KeyHash"] = ApiKeyHash.Compute(ShopKey),
            ["Security__Applications__0__NotificationSecret"] = "tiny",
        }));

        Assert.Contains("Notifications:LeaseDuration (00:00:10) must exceed Notifications:Timeout (00:00:30)", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Notifications:RetrySchedule must have at most 100 entries, each positive", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Notifications:SigningSecret must have at least 16 characters", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("short-secret", failure.Message, StringComparison.Ordinal); // secrets are not echoed
        Assert.Contains("Security:Applications:0:NotificationSecret must have at least 16 characters", appFailure.Message, StringComparison.Ordinal);
    }

    private static CallOptions AsShop => new(new Metadata { { "x-rm-app-key", ShopKey } });

    private static NotifyRequest WithUrl(NotifyRequest request, string url)
    {
        request.Url = url;
        return request;
    }

    private static async Task<NotificationInfo> WaitForStatusAsync(ServiceProcess service, NotifyResponse created, NotificationStatus status)
    {
        NotificationInfo? last = null;
        await Eventually.WaitAsync(
            async () =>
            {
                last = await service.Client.GetNotificationAsync(new GetNotificationRequest { NotificationId = created.NotificationId, QueryToken = created.QueryToken });
                return last.Status == status;
            },
            TimeSpan.FromSeconds(60),
            $"notification {created.NotificationId} {status}");
        return last!;
    }

    private const string NotificationIdHeader = "X-Transactions-Notification-Id";
    private const string AttemptHeader = "X-Transactions-Notification-Attempt";

    private static int AttemptOf(ReceivedWebhook call) => int.Parse(call.Header(AttemptHeader)!, System.Globalization.CultureInfo.InvariantCulture);

    private static string CallbackUrl(WebhookReceiver receiver) => receiver.UrlOf("/callback/orders");

    private async Task<WebhookReceiver> ReceiverAsync(params int[] script)
    {
        var receiver = await WebhookReceiver.StartAsync(script);
        _cleanup.Add(receiver);
        return receiver;
    }

    private async Task<ServiceProcess> StartAsync(string provider, IDictionary<string, string>? extra = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["Notifications__RetrySchedule__0"] = "00:00:00.500",
            ["Notifications__RetrySchedule__1"] = "00:00:00.500",
            ["Notifications__PollInterval"] = "00:00:00.100",
            ["Notifications__Timeout"] = "00:00:01",
            ["Notifications__LeaseDuration"] = "00:00:10",
            ["Notifications__MaxBodyBytes"] = "4096",
            ["Notifications__SigningSecret"] = ServiceSecret,
            ["Security__Applications__0__ApplicationId"] = "shop",
            ["Security__Applications__0__KeyHash"] = ApiKeyHash.Compute(ShopKey),
            ["Security__Applications__0__MayNotify"] = "true",
            ["Security__Applications__0__NotificationSecret"] = ShopSecret,
            ["Security__Applications__0__AllowedEndpoints__0"] = "http://127.0.0.1",
            ["Security__Applications__1__ApplicationId"] = "other",
            ["Security__Applications__1__KeyHash"] = ApiKeyHash.Compute(OtherKey),
        };
        if (provider == "Sqlite")
        {
            settings["Storage__Provider"] = "Sqlite";
            settings["Storage__ConnectionString"] = $"Data Source={_sqlitePath}";
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        var connectionString = "unused";
        if (provider == "PostgreSql")
        {
            var database = await PostgresDatabase.CreateAsync("rm_notify");
            _cleanup.Add(database);
            connectionString = database.ConnectionString;
        }

        var service = await ServiceProcess.StartAsync(connectionString, transport: "Push", settings);
        _cleanup.Add(service);
        return service;
    }

    private async Task<JsonElement> AdminListAsync(ServiceProcess service, string? status, string key)
    {
        using var response = await SendAsync(service, HttpMethod.Get, "/api/v1/admin/notifications" + (status is null ? string.Empty : $"?status={status}"), ("x-api-key", key));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private Task<HttpResponseMessage> PostJsonAsync(ServiceProcess service, string path, object body, params (string Name, string Value)[] headers) =>
        SendAsync(service, HttpMethod.Post, path, headers, JsonContent.Create(body));

    private Task<HttpResponseMessage> SendAsync(ServiceProcess service, HttpMethod method, string path, params (string Name, string Value)[] headers) =>
        SendAsync(service, method, path, headers, null);

    private async Task<HttpResponseMessage> SendAsync(ServiceProcess service, HttpMethod method, string path, (string Name, string Value)[] headers, HttpContent? content)
    {
        using var request = new HttpRequestMessage(method, new Uri(new Uri(service.HttpAddress), path)) { Content = content };
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return await _http.SendAsync(request);
    }
}
