using Transactions.Testing;
using Transactions.Testing.Jobs;
using Xunit;

namespace Transactions.Coordinator.IntegrationTests.Jobs;

/// <summary>
/// Two coordinator processes on one PostgreSQL database share Hangfire's storage: the retention job, scheduled every
/// second, runs once per occurrence, never twice, whichever instance takes it. Switched off, nothing of Hangfire runs.
/// </summary>
[Trait("Requires", "PostgreSQL")]
public sealed class TwoInstancesJobsTests : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _owned = [];
    private PostgresDatabase _database = null!;

    public async Task InitializeAsync()
    {
        if (TestEnvironment.PostgresConnectionString is not null)
        {
            _database = await PostgresDatabase.CreateAsync("tx_jobs_two");
            _owned.Add(_database);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var item in Enumerable.Reverse(_owned))
        {
            await item.DisposeAsync();
        }
    }

    [PostgresFact]
    public async Task RetentionEverySecond_TwoInstancesOnOneDatabase_EachOccurrenceRunsExactlyOnce()
    {
        var settings = new Dictionary<string, string>
        {
            ["Jobs__Retention__Cron"] = "* * * * * *",
            ["Jobs__PollingInterval"] = "00:00:00.200",
            ["Jobs__WorkerCount"] = "4",
        };
        var first = await CoordinatorProcess.StartAsync("PostgreSql", _database.ConnectionString, settings);
        _owned.Add(first);
        var second = await CoordinatorProcess.StartAsync("PostgreSql", _database.ConnectionString, settings);
        _owned.Add(second);

        await Eventually.WaitAsync(async () => await ScalarAsync("SELECT count(*) FROM hangfire.job WHERE statename = 'Succeeded'") >= 8, TimeSpan.FromSeconds(60), "8 occurrences ran");
        await second.DisposeAsync();
        await first.DisposeAsync();

        var jobs = await ScalarAsync("SELECT count(*) FROM hangfire.job");
        var occurrences = await ScalarAsync("SELECT count(DISTINCT value) FROM hangfire.jobparameter WHERE name = 'Time'");
        var processed = await ScalarAsync("SELECT count(*) FROM hangfire.state WHERE name = 'Processing'");
        var processedJobs = await ScalarAsync("SELECT count(DISTINCT jobid) FROM hangfire.state WHERE name = 'Processing'");
        var servers = await ScalarAsync("SELECT count(DISTINCT data::json->>'ServerId') FROM hangfire.state WHERE name = 'Processing'");
        Assert.True(jobs >= 8, $"{jobs} jobs");
        Assert.Equal(jobs, occurrences); // one job per occurrence: no occurrence was enqueued by both instances
        Assert.Equal(processedJobs, processed); // no job was picked up twice
        Assert.True(servers >= 1, $"{servers} servers processed jobs");
    }

    [PostgresFact]
    public async Task JobsDisabled_NoDashboardNoJobsAndNoHangfireSchema()
    {
        var settings = Admin.AdminApiTests.AdminSettings();
        settings["Jobs__Enabled"] = "false";
        var coordinator = await CoordinatorProcess.StartAsync("PostgreSql", _database.ConnectionString, settings);
        _owned.Add(coordinator);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{coordinator.HttpPort}") };

        using var dashboard = await JobsDashboard.GetAsync(http, "/hangfire/recurring", Admin.AdminApiTests.OperatorKey);

        Assert.Equal(System.Net.HttpStatusCode.NotFound, dashboard.StatusCode);
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'hangfire'"));
    }

    private Task<long> ScalarAsync(string sql) => JobsDashboard.ScalarAsync(_database.ConnectionString, sql);
}
