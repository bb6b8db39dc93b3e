using System.Net;
using Transactions.ReliableMessage.IntegrationTests.Infrastructure;
using Transactions.Testing;
using Transactions.Testing.Jobs;

namespace Transactions.ReliableMessage.IntegrationTests.Jobs;

/// <summary>
/// The Hangfire dashboard of a real reliable-message service process on PostgreSQL, behind its admin keys: no key
/// -> 401, a read-only key sees the recurring retention job and cannot trigger it, an operator key triggers it and it
/// succeeds.
/// </summary>
public sealed class JobsDashboardTests : IAsyncLifetime
{
    private const string RetentionJob = "reliable-message.retention";

    private readonly List<IAsyncDisposable> _cleanup = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private PostgresDatabase _database = null!;

    public async Task InitializeAsync()
    {
        if (TestEnvironment.PostgresConnectionString is null)
        {
            return;
        }

        _database = await PostgresDatabase.CreateAsync("rm_jobs");
        _cleanup.Add(_database);
        var service = await ServiceProcess.StartAsync(_database.ConnectionString, transport: "Push", new Dictionary<string, string> { ["Jobs__PollingInterval"] = "00:00:00.500" });
        _cleanup.Add(service);
        _http.BaseAddress = new Uri(service.HttpAddress);
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
    public async Task Dashboard_NoKey401_ViewerReadsButCannotTrigger_OperatorTriggersTheRetentionJob()
    {
        using var anonymous = await _http.GetAsync("/hangfire/recurring");
        using var viewerPage = await JobsDashboard.GetAsync(_http, "/hangfire/recurring", ServiceProcess.ViewerKey);
        var viewerHtml = await viewerPage.Content.ReadAsStringAsync();
        using var viewerTrigger = await JobsDashboard.TriggerAsync(_http, RetentionJob, ServiceProcess.ViewerKey);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, viewerPage.StatusCode);
        Assert.Contains(RetentionJob, viewerHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("recurring/trigger", viewerHtml, StringComparison.Ordinal);
        Assert.False(viewerTrigger.IsSuccessStatusCode, $"a viewer's trigger answered {(int)viewerTrigger.StatusCode}");
        Assert.Equal(0, await JobsDashboard.CountJobsAsync(_database.ConnectionString));

        using var operatorTrigger = await JobsDashboard.TriggerAsync(_http, RetentionJob, ServiceProcess.OperatorKey);

        Assert.True(operatorTrigger.IsSuccessStatusCode, $"an operator's trigger answered {(int)operatorTrigger.StatusCode}");
        await Eventually.WaitAsync(
            async () => await JobsDashboard.CountJobsAsync(_database.ConnectionString, "Succeeded") == 1,
            TimeSpan.FromSeconds(30),
            "the triggered retention job succeeded");
    }
}
