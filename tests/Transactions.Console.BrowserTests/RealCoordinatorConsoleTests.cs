using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Transactions.Admin.Security;
using Transactions.Console.BrowserTests.Infrastructure;
using Transactions.Coordinator.IntegrationTests.Infrastructure;
using Transactions.Protocol.V1;
using Transactions.Testing;
using static Microsoft.Playwright.Assertions;

namespace Transactions.Console.BrowserTests;

/// <summary>
/// The console in a real headless Chromium against a real coordinator process (PostgreSQL when TX_TEST_POSTGRES is
/// set, else SQLite): a participant fails Confirm until it is fixed; the operator finds the stuck transaction in the
/// needs-attention list, retries it with a reason, and the page shows it committed; a read-only key sees no actions.
/// </summary>
public sealed class RealCoordinatorConsoleTests(BrowserFixture browser) : BrowserTest(browser), IAsyncLifetime
{
    private const string OperatorKey = "carol-operator-key-0123456789";
    private const string ReadOnlyKey = "dave-viewer-key-0123456789";

    private readonly List<IAsyncDisposable> _owned = [];
    private readonly string _sqliteDirectory = Path.Combine(Path.GetTempPath(), "tx-console-" + Guid.NewGuid().ToString("N"));
    private CoordinatorProcess _coordinator = null!;
    private TestParticipant _stock = null!;
    private TestParticipant _points = null!;

    public async Task InitializeAsync()
    {
        if (Chromium.ExecutablePath is null)
        {
            return;
        }

        var (provider, connectionString) = await CoordinatorDatabase.CreateAsync("tx_console", _sqliteDirectory, _owned);
        _coordinator = await CoordinatorProcess.StartAsync(provider, connectionString, new Dictionary<string, string>
        {
            ["Admin__ApiKeys__0__Name"] = "carol",
            ["Admin__ApiKeys__0__Hash"] = ApiKeyHash.Compute(OperatorKey),
            ["Admin__ApiKeys__0__Role"] = "Operator",
            ["Admin__ApiKeys__1__Name"] = "dave",
            ["Admin__ApiKeys__1__Hash"] = ApiKeyHash.Compute(ReadOnlyKey),
            ["Admin__ApiKeys__1__Role"] = "ReadOnly",
            ["Coordinator__Phase2InitialBackoff"] = "00:00:00.200",
            ["Coordinator__Phase2MaxBackoff"] = "00:00:30",
            ["Coordinator__NeedsAttentionAfterRounds"] = "2",
        });
        _owned.Add(_coordinator);
        _stock = await TestParticipant.StartAsync("stock");
        _points = await TestParticipant.StartAsync("points");
        _owned.AddRange([_stock, _points]);
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
    public async Task StuckTransaction_OperatorRetriesWithAReason_PageShowsCommitted_ReadOnlySeesNoActions()
    {
        var target = new ConsoleTarget(new Uri($"http://127.0.0.1:{_coordinator.HttpPort}/"), OperatorKey, ReadOnlyKey);
        _points.Broken = true;
        var xid = (await _coordinator.Tm.BeginAsync(new BeginRequest { Name = "place-order", TimeoutMs = 120_000, ApplicationId = "orders" })).Xid;
        await RegisterAsync(xid, _stock, "freeze-stock");
        var pointsBranch = await RegisterAsync(xid, _points, "add-points");
        await _coordinator.Tm.CommitAsync(new CommitRequest { Xid = xid, ReturnAfterDecision = true });
        var id = xid.ToString(CultureInfo.InvariantCulture);
        await Eventually.WaitAsync(() => NeedsAttentionAsync(target, id), TimeSpan.FromSeconds(90), "the coordinator flags the transaction");

        // The read-only key: list and detail, not a single action button.
        await using (var viewer = await OpenConsoleAsync(target, "real-read-only"))
        {
            await viewer.SignInAsync(ReadOnlyKey, "dave", "ReadOnly");
            await Expect(viewer.TransactionRow(id)).ToBeVisibleAsync();
            await viewer.OpenTransactionAsync(id);
            await Expect(viewer.DetailStatus).ToHaveTextAsync("Committing");
            await Expect(viewer.BranchRows).ToHaveCountAsync(2);
            await Expect(viewer.ActionButtons).ToHaveCountAsync(0);
            await viewer.ScreenshotAsync("detail-without-actions");
        }

        await using var console = await OpenConsoleAsync(target, "real-operator-retry");
        await console.SignInAsync(OperatorKey, "carol", "Operator");
        var row = console.TransactionRow(id);
        await Expect(row).ToBeVisibleAsync();
        await Expect(console.Cell(row, "status")).ToHaveTextAsync("Committing");
        await Expect(console.Cell(row, "last-error")).Not.ToBeEmptyAsync();
        await console.ScreenshotAsync("needs-attention");
        await console.OpenTransactionAsync(id);
        await Expect(console.ByTestId("action-retry")).ToBeVisibleAsync();
        await console.ScreenshotAsync("detail");

        // The participant answers again only once the operator's retry is on record: healthy any earlier, an automatic
        // phase-2 round (due every few seconds) could finish the transaction first and the retry would rightly have
        // nothing to do. (Fixing it when the retry request left the browser still raced the next automatic round.)
        _points.HealthyWhen = () => RetryRequestedAsync(target, id);
        const string reason = "points service fixed and redeployed (INC-42)";
        await console.PerformActionAsync("action-retry", reason, screenshotStep: "reason-dialog");

        await Expect(console.DetailStatus).ToHaveTextAsync("Committed");
        await Expect(console.EventRows.Filter(new() { HasText = reason })).Not.ToHaveCountAsync(0);
        await Expect(console.ErrorBanner).ToBeHiddenAsync();
        await console.ScreenshotAsync("committed");
        Assert.Equal("confirm", _points.Effects[pointsBranch]);
        var audit = await GetAsync(target, $"/api/v1/admin/audit?target=transaction/{id}");
        var record = Assert.Single(audit.EnumerateArray());
        Assert.Equal(("carol", "retry", reason), (record.GetProperty("actor").GetString(), record.GetProperty("action").GetString(), record.GetProperty("reason").GetString()));
        Assert.Empty(console.Problems);
    }

    private static async Task<bool> RetryRequestedAsync(ConsoleTarget target, string id)
    {
        var detail = await GetAsync(target, $"/api/v1/admin/transactions/{id}");
        return detail.GetProperty("events").EnumerateArray().Any(e => e.GetProperty("kind").GetString() == "admin-retry");
    }

    private static async Task<bool> NeedsAttentionAsync(ConsoleTarget target, string id)
    {
        var list = await GetAsync(target, "/api/v1/admin/transactions?needsAttention=true");
        return list.GetProperty("items").EnumerateArray().Any(t => t.GetProperty("xid").GetString() == id);
    }

    private static async Task<JsonElement> GetAsync(ConsoleTarget target, string path)
    {
        using var http = new HttpClient { BaseAddress = target.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Api-Key", target.ReadOnlyKey);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).Clone();
    }

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
}
