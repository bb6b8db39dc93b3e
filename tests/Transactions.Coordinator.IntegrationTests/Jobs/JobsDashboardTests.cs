using System.Net;
using Transactions.Coordinator.IntegrationTests.Admin;
using Transactions.Protocol.V1;
using Transactions.Testing;
using Transactions.Testing.Jobs;
using Xunit;

namespace Transactions.Coordinator.IntegrationTests.Jobs;

/// <summary>
/// The Hangfire dashboard of a real coordinator process on PostgreSQL, behind the admin API keys: no key -> 401, a
/// read-only key sees the recurring jobs but cannot trigger one, an operator key triggers the retention job and it
/// deletes a committed transaction older than the retention age, not a young one; a browser's sign-in (the key posted once, then a cookie) covers the dashboard's own calls.
/// </summary>
[Trait("Requires", "PostgreSQL")]
public sealed class JobsDashboardTests : IAsyncLifetime
{
    private const string RetentionJob = "coordinator.retention";

    private readonly List<IAsyncDisposable> _owned = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private PostgresDatabase _database = null!;
    private CoordinatorProcess _coordinator = null!;

    public async Task InitializeAsync()
    {
        if (TestEnvironment.PostgresConnectionString is null)
        {
            return;
        }

        _database = await PostgresDatabase.CreateAsync("tx_jobs");
        _owned.Add(_database);
        var settings = AdminApiTests.AdminSettings();
        settings["Jobs__PollingInterval"] = "00:00:00.500";
        _coordinator = await CoordinatorProcess.StartAsync("PostgreSql", _database.ConnectionString, settings);
        _owned.Add(_coordinator);
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
    public async Task Dashboard_NoKeyOrAnUnknownKey_Is401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await _http.GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _http.GetAsync("/hangfire/recurring")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync("/hangfire", "not-a-key-0123456789")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await TriggerAsync(key: null)).StatusCode);
        Assert.Equal(0, await JobCountAsync());
    }

    [PostgresFact]
    public async Task Dashboard_ViewerKey_SeesTheRecurringJobsReadOnlyAndCannotTriggerOne()
    {
        var page = await GetAsync("/hangfire/recurring", AdminApiTests.ViewerKey);
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(RetentionJob, html, StringComparison.Ordinal);
        Assert.DoesNotContain("recurring/trigger", html, StringComparison.Ordinal);
        var trigger = await TriggerAsync(AdminApiTests.ViewerKey);
        Assert.False(trigger.IsSuccessStatusCode, $"a viewer's trigger answered {(int)trigger.StatusCode}");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(0, await JobCountAsync());
    }

    [PostgresFact]
    public async Task Dashboard_OperatorKey_TriggersTheRetentionJob_ItDeletesTheOldCommittedTransactionOnly()
    {
        var old = await CommittedTransactionAsync();
        var young = await CommittedTransactionAsync();
        await JobsDashboard.ScalarAsync(_database.ConnectionString, $"UPDATE tx_global_transactions SET updated_unix_ms = updated_unix_ms - 8 * 86400000 WHERE xid = {old}");
        var page = await GetAsync("/hangfire/recurring", AdminApiTests.OperatorKey);
        Assert.Contains("recurring/trigger", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var trigger = await TriggerAsync(AdminApiTests.OperatorKey);

        Assert.True(trigger.IsSuccessStatusCode, $"an operator's trigger answered {(int)trigger.StatusCode}");
        await Eventually.WaitAsync(async () => await SucceededJobCountAsync() == 1, TimeSpan.FromSeconds(30), "the triggered retention job succeeded");
        Assert.Equal(0, await JobsDashboard.ScalarAsync(_database.ConnectionString, $"SELECT count(*) FROM tx_global_transactions WHERE xid = {old}"));
        Assert.Equal(0, await JobsDashboard.ScalarAsync(_database.ConnectionString, $"SELECT count(*) FROM tx_events WHERE xid = {old}"));
        Assert.Equal(1, await JobsDashboard.ScalarAsync(_database.ConnectionString, $"SELECT count(*) FROM tx_global_transactions WHERE xid = {young}"));
    }

    [PostgresFact]
    public async Task SignIn_KeyPostedOnce_TheCookieOpensTheDashboardAndItsCalls()
    {
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = _http.BaseAddress,
        };
        using var signIn = new HttpRequestMessage(HttpMethod.Post, "/hangfire/login");
        signIn.Headers.Add("X-Api-Key", AdminApiTests.ViewerKey);

        var signedIn = await browser.SendAsync(signIn);

        Assert.Equal(HttpStatusCode.NoContent, signedIn.StatusCode);
        var cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/hangfire", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/hangfire/recurring")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.PostAsync("/hangfire/stats", new FormUrlEncodedContent([]))).StatusCode);

        var signOut = await browser.GetAsync("/hangfire/logout");
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/hangfire/recurring")).StatusCode);
    }

    [PostgresFact]
    public async Task SignIn_UnknownKey_Is401AndSetsNoCookie()
    {
        using var form = new FormUrlEncodedContent([new("key", "not-a-key-0123456789")]);

        var answer = await _http.PostAsync("/hangfire/login", form);

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        Assert.False(answer.Headers.Contains("Set-Cookie"));
    }

    /// <summary>A transaction without branches, begun and committed: Committed at once.</summary>
    private async Task<long> CommittedTransactionAsync()
    {
        var xid = (await _coordinator.Tm.BeginAsync(new BeginRequest { Name = "place-order", TimeoutMs = 30_000 })).Xid;
        var commit = await _coordinator.Tm.CommitAsync(new CommitRequest { Xid = xid });
        Assert.Equal(GlobalStatus.Committed, commit.Status);
        return xid;
    }

    private Task<HttpResponseMessage> TriggerAsync(string? key) => JobsDashboard.TriggerAsync(_http, RetentionJob, key);

    private Task<HttpResponseMessage> GetAsync(string path, string key) => JobsDashboard.GetAsync(_http, path, key);

    private Task<long> JobCountAsync() => JobsDashboard.CountJobsAsync(_database.ConnectionString);

    private Task<long> SucceededJobCountAsync() => JobsDashboard.CountJobsAsync(_database.ConnectionString, "Succeeded");
}
