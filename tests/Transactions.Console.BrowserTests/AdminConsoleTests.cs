using System.Text.RegularExpressions;
using Transactions.Console.BrowserTests.Infrastructure;
using Transactions.Console.BrowserTests.Stub;
using static Microsoft.Playwright.Assertions;

namespace Transactions.Console.BrowserTests;

/// <summary>The console in a real headless Chromium against the stub admin API (see <see cref="StubAdminApi"/>).</summary>
public sealed partial class AdminConsoleTests(BrowserFixture browser) : BrowserTest(browser)
{
    [GeneratedRegex(@"^4\d+m \d+s$")]
    private static partial Regex MinutesAndSeconds();

    [ChromiumFact]
    public async Task Operator_RetriesTheStuckTransaction_PageShowsCommittedAndTheApiGotTheReasonAndTheKeyName()
    {
        await using var stub = await StubAdminApi.StartAsync();
        await using var console = await OpenConsoleAsync(stub.Target, "operator-retry");
        await console.ScreenshotAsync("sign-in");

        await console.SignInAsync(stub.Target.OperatorKey, StubAdminApi.OperatorName, "Operator");

        // The default view lists what needs attention, with the last error and the counts.
        await Expect(console.ListTitle).ToHaveTextAsync("Needs attention");
        var row = console.TransactionRow(StubAdminApi.StuckXid);
        await Expect(row).ToBeVisibleAsync();
        await Expect(console.Cell(row, "name")).ToHaveTextAsync(StubAdminApi.StuckName);
        await Expect(console.Cell(row, "kind")).ToHaveTextAsync("tcc");
        await Expect(console.Cell(row, "status")).ToHaveTextAsync("Committing");
        await Expect(console.Cell(row, "age")).ToHaveTextAsync(MinutesAndSeconds());
        await Expect(console.Cell(row, "attempts")).ToHaveTextAsync("6");
        await Expect(console.Cell(row, "last-error")).ToHaveTextAsync(StubAdminApi.StuckLastError);
        await Expect(console.TransactionRow(StubAdminApi.ActiveXid)).ToHaveCountAsync(0);
        await Expect(console.CountBadge("needs-attention")).ToHaveTextAsync("Needs attention 1");
        await Expect(console.CountBadge("Committing")).ToHaveTextAsync("Committing 1");
        await Expect(console.CountBadge("Active")).ToHaveTextAsync("Active 1");
        await Expect(console.CountBadge("RolledBack")).ToHaveTextAsync("RolledBack 1");
        await console.ScreenshotAsync("needs-attention");

        // The detail: fields, branches (only the Registered one can be resolved), history; only phase-2 actions.
        await console.OpenTransactionAsync(StubAdminApi.StuckXid);
        await Expect(console.DetailStatus).ToHaveTextAsync("Committing");
        await Expect(console.DetailLastError).ToHaveTextAsync(StubAdminApi.StuckLastError);
        await Expect(console.BranchRows).ToHaveCountAsync(2);
        await Expect(console.EventRows).ToHaveCountAsync(5);
        await Expect(console.ByTestId("action-resolve-branch")).ToHaveCountAsync(1);
        await Expect(console.BranchRows.Filter(new() { HasText = "inventory" }).Locator("[data-testid=\"action-resolve-branch\"]")).ToBeVisibleAsync();
        await Expect(console.ByTestId("action-retry")).ToBeVisibleAsync();
        await Expect(console.ByTestId("action-redrive")).ToBeVisibleAsync();
        await Expect(console.ByTestId("action-force-rollback")).ToHaveCountAsync(0);
        await Expect(console.ByTestId("action-delete")).ToHaveCountAsync(0);
        await console.ScreenshotAsync("detail");

        const string reason = "Inventory service is back after the 14:05 outage (INC-4711).";
        await console.PerformActionAsync("action-retry", reason, screenshotStep: "reason-dialog");

        await Expect(console.DetailStatus).ToHaveTextAsync("Committed");
        await Expect(console.NoticeText).ToHaveTextAsync("Retry now: Committed (status Committed).");
        await Expect(console.ByTestId("detail-last-error")).ToHaveTextAsync("\u2014");
        await Expect(console.ByTestId("action-retry")).ToHaveCountAsync(0);
        await Expect(console.ByTestId("action-delete")).ToBeVisibleAsync();
        await Expect(console.EventRows.Filter(new() { HasText = reason }).Locator("[data-testid=\"event-actor\"]")).ToHaveTextAsync(StubAdminApi.OperatorName);
        await Expect(console.ErrorBanner).ToBeHiddenAsync();
        await console.ScreenshotAsync("committed");

        var action = Assert.Single(stub.Actions);
        Assert.Equal(new RecordedAction(StubAdminApi.OperatorName, "retry", StubAdminApi.StuckXid, null, reason, "Committed"), action);
        Assert.Equal("Committed", stub.StatusOf(StubAdminApi.StuckXid));
        Assert.Empty(console.Problems);
    }

    [ChromiumFact]
    public async Task ReadOnly_SeesListAndDetail_ButNoActionButtonExists()
    {
        await using var stub = await StubAdminApi.StartAsync();
        await using var console = await OpenConsoleAsync(stub.Target, "read-only");

        await console.SignInAsync(stub.Target.ReadOnlyKey, StubAdminApi.ReadOnlyName, "ReadOnly");
        await Expect(console.WhoAmI).ToContainTextAsync("ReadOnly");
        var row = console.TransactionRow(StubAdminApi.StuckXid);
        await Expect(console.Cell(row, "last-error")).ToHaveTextAsync(StubAdminApi.StuckLastError);
        await console.ScreenshotAsync("needs-attention");

        await console.OpenTransactionAsync(StubAdminApi.StuckXid);
        await Expect(console.DetailStatus).ToHaveTextAsync("Committing");
        await Expect(console.BranchRows).ToHaveCountAsync(2);
        await Expect(console.EventRows).ToHaveCountAsync(5);
        await Expect(console.ActionButtons).ToHaveCountAsync(0);
        await Expect(console.ByTestId("read-only-note")).ToBeVisibleAsync();
        await console.ScreenshotAsync("detail-without-actions");

        // All transactions: a name made of markup is shown as text, never parsed.
        await console.ByTestId("detail-back").ClickAsync();
        await console.ByTestId("filter-needs-attention").UncheckAsync();
        await Expect(console.ListTitle).ToHaveTextAsync("All transactions");
        var active = console.TransactionRow(StubAdminApi.ActiveXid);
        await Expect(console.Cell(active, "name")).ToHaveTextAsync(StubAdminApi.MarkupName);
        await Expect(console.Page.Locator("[data-injected]")).ToHaveCountAsync(0);
        await console.OpenTransactionAsync(StubAdminApi.ActiveXid);
        await Expect(console.DetailStatus).ToHaveTextAsync("Active");
        await Expect(console.ActionButtons).ToHaveCountAsync(0);
        await console.ScreenshotAsync("active-detail-without-actions");

        // A saga shows its steps instead of branches.
        await console.ByTestId("detail-back").ClickAsync();
        await Expect(console.ListTitle).ToHaveTextAsync("All transactions");
        await console.OpenTransactionAsync(StubAdminApi.SagaXid);
        await Expect(console.DetailStatus).ToHaveTextAsync("RolledBack");
        await Expect(console.ByTestId("step-row")).ToHaveCountAsync(2);
        await Expect(console.ByTestId("step-row").Last.Locator("[data-testid=\"step-status\"]")).ToHaveTextAsync("Failed");
        await Expect(console.ByTestId("branches-section")).ToBeHiddenAsync();
        await console.ScreenshotAsync("saga-detail");

        Assert.Empty(stub.Actions);
        Assert.Empty(console.Problems);
    }

    [ChromiumFact]
    public async Task UnknownKey_GetsAClearSignInError_AndStaysSignedOut()
    {
        await using var stub = await StubAdminApi.StartAsync();
        await using var console = await OpenConsoleAsync(stub.Target, "unknown-key");

        await console.SubmitKeyAsync("not-a-key-anybody-was-given");

        await Expect(console.SignInError).ToBeVisibleAsync();
        await Expect(console.SignInError).ToContainTextAsync("The API key was not accepted (401 Unauthorized)");
        await Expect(console.SignInError).ToContainTextAsync("The API key is not valid.");
        await Expect(console.SignInBox).ToBeVisibleAsync();
        await Expect(console.ByTestId("app")).ToBeHiddenAsync();
        await Expect(console.WhoAmI).ToBeHiddenAsync();
        Assert.Null(await console.Page.EvaluateAsync<string?>("() => sessionStorage.getItem('tx.console.apiKey')"));
        await console.ScreenshotAsync("sign-in-error");
        Assert.Empty(console.Problems);
    }

    [ChromiumFact]
    public async Task RefusedAction_ShowsTheProblemDetailInTheErrorBanner()
    {
        const string refusal = "Phase 2 of coordinator-1:7001 is being driven by coordinator instance tc-2 right now; try again in a minute.";
        await using var stub = await StubAdminApi.StartAsync();
        stub.RefuseNext("redrive", refusal);
        await using var console = await OpenConsoleAsync(stub.Target, "refused-action");
        await console.SignInAsync(stub.Target.OperatorKey, StubAdminApi.OperatorName, "Operator");
        await console.OpenTransactionAsync(StubAdminApi.StuckXid);

        // Cancel sends nothing.
        await console.ByTestId("action-retry").ClickAsync();
        await Expect(console.ReasonDialog).ToBeVisibleAsync();
        await console.ByTestId("reason-cancel").ClickAsync();
        await Expect(console.ReasonDialog).ToBeHiddenAsync();
        Assert.Empty(stub.Actions);

        await console.PerformActionAsync("action-redrive", "Re-drive after the network fix.");

        await Expect(console.ErrorBanner).ToBeVisibleAsync();
        await Expect(console.ErrorText).ToHaveTextAsync("Re-drive phase 2 refused: " + refusal);
        await Expect(console.DetailStatus).ToHaveTextAsync("Committing");
        await Expect(console.ByTestId("notice-banner")).ToBeHiddenAsync();
        await console.ScreenshotAsync("error-banner");

        var action = Assert.Single(stub.Actions);
        Assert.Equal("redrive", action.Action);
        Assert.Equal("refused: " + refusal, action.Outcome);
        Assert.Empty(console.Problems);
    }

    [ChromiumFact]
    public async Task DeadLetters_NotConfigured_SaysSo_ThenListsThemOnceTheServiceAnswers()
    {
        await using var stub = await StubAdminApi.StartAsync();
        await using var console = await OpenConsoleAsync(stub.Target, "dead-letters");
        await console.SignInAsync(stub.Target.ReadOnlyKey, StubAdminApi.ReadOnlyName, "ReadOnly");

        await console.ByTestId("tab-dead-letters").ClickAsync();
        await Expect(console.DeadLettersUnavailable).ToBeVisibleAsync();
        await Expect(console.DeadLettersUnavailable).ToHaveTextAsync(StubAdminApi.DeadLettersNotConfigured);
        await Expect(console.ErrorBanner).ToBeHiddenAsync();
        await console.ScreenshotAsync("not-configured");

        stub.DeadLetters = [new StubDeadLetter("msg-42", "orders.created", "order-42", "billing", 10, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), "Handler threw: card declined")];
        await console.ByTestId("tab-transactions").ClickAsync();
        await Expect(console.TransactionRow(StubAdminApi.StuckXid)).ToBeVisibleAsync();
        await console.ByTestId("tab-dead-letters").ClickAsync();
        await Expect(console.DeadLetterRows).ToHaveCountAsync(1);
        await Expect(console.DeadLetterRows).ToContainTextAsync("Handler threw: card declined");
        await Expect(console.DeadLettersUnavailable).ToBeHiddenAsync();
        await console.ScreenshotAsync("listed");
        Assert.Empty(console.Problems);
    }
}
