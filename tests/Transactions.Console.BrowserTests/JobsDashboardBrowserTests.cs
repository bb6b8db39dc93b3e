using Microsoft.Playwright;
using Transactions.Admin.Security;
using Transactions.Console.BrowserTests.Infrastructure;
using Transactions.Testing;
using static Microsoft.Playwright.Assertions;

namespace Transactions.Console.BrowserTests;

/// <summary>
/// The jobs dashboard in a real headless Chromium against a real coordinator process (PostgreSQL when
/// TX_TEST_POSTGRES is set, else SQLite): a read-only key signs in to the console, follows its "Jobs" link (the
/// console posts the key once, the dashboard answers with its cookie) and sees the recurring retention job, with no
/// button to trigger it; the dashboard's own XHR calls go through on the cookie.
/// </summary>
public sealed class JobsDashboardBrowserTests(BrowserFixture browser) : BrowserTest(browser), IAsyncLifetime
{
    private const string OperatorKey = "erin-operator-key-0123456789";
    private const string ReadOnlyKey = "frank-viewer-key-0123456789";

    private readonly List<IAsyncDisposable> _owned = [];
    private readonly string _sqliteDirectory = Path.Combine(Path.GetTempPath(), "tx-jobs-console-" + Guid.NewGuid().ToString("N"));
    private CoordinatorProcess _coordinator = null!;

    public async Task InitializeAsync()
    {
        if (Chromium.ExecutablePath is null)
        {
            return;
        }

        var (provider, connectionString) = await CoordinatorDatabase.CreateAsync("tx_jobs_console", _sqliteDirectory, _owned);
        _coordinator = await CoordinatorProcess.StartAsync(provider, connectionString, new Dictionary<string, string>
        {
            ["Admin__ApiKeys__0__Name"] = "erin",
            ["Admin__ApiKeys__0__Hash"] = ApiKeyHash.Compute(OperatorKey),
            ["Admin__ApiKeys__0__Role"] = "Operator",
            ["Admin__ApiKeys__1__Name"] = "frank",
            ["Admin__ApiKeys__1__Hash"] = ApiKeyHash.Compute(ReadOnlyKey),
            ["Admin__ApiKeys__1__Role"] = "ReadOnly",
        });
        _owned.Add(_coordinator);
    }

    public async Task DisposeAsync()
    {
        foreach (var item in Enumerable.Reverse(_owned))
        {
            await item.DisposeAsync();
        }

        if (Directory.Exists(_sqliteDirectory))
        {
            Directory.Delete(_sqliteDirectory, recursive: true);
        }
    }

    [ChromiumFact]
    public async Task JobsLink_ReadOnlyKey_OpensTheDashboardShowingTheRecurringJobsWithoutActions()
    {
        var target = new ConsoleTarget(new Uri($"http://127.0.0.1:{_coordinator.HttpPort}/"), OperatorKey, ReadOnlyKey);
        await using var console = await OpenConsoleAsync(target, "jobs-dashboard-read-only");
        await console.SignInAsync(ReadOnlyKey, "frank", "ReadOnly");

        var stats = console.Page.WaitForResponseAsync(r => r.Url.EndsWith("/hangfire/stats", StringComparison.Ordinal));
        await console.ByTestId("tab-jobs").ClickAsync();
        await console.Page.WaitForURLAsync(url => url.EndsWith("/hangfire", StringComparison.Ordinal));
        Assert.Equal(200, (await stats).Status);

        await console.Page.GetByRole(AriaRole.Link, new() { Name = "Recurring Jobs" }).First.ClickAsync();
        await Expect(console.Page.GetByText("coordinator.retention")).ToBeVisibleAsync();
        await Expect(console.Page.GetByRole(AriaRole.Button, new() { Name = "Trigger now" })).ToHaveCountAsync(0);
        await console.ScreenshotAsync("recurring-jobs");
    }
}
