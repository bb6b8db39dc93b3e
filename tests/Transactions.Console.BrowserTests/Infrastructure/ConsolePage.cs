using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Transactions.Console.BrowserTests.Infrastructure;

/// <summary>
/// The admin console as an operator sees it, addressed through its <c>data-testid</c>s. Independent of the server
/// behind it: give it any <see cref="ConsoleTarget"/>.
/// </summary>
public sealed partial class ConsolePage : IAsyncDisposable
{
    private readonly List<string> _problems = [];
    private readonly string _scenario;
    private int _screenshots;

    /// <summary>Wraps a page; records the page's script errors and CSP violations (see <see cref="Problems"/>).</summary>
    /// <param name="page">A fresh page.</param>
    /// <param name="target">The server and its keys.</param>
    /// <param name="scenario">Names the screenshots.</param>
    public ConsolePage(IPage page, ConsoleTarget target, string scenario)
    {
        ArgumentNullException.ThrowIfNull(page);
        Page = page;
        Target = target;
        _scenario = scenario;
        page.PageError += (_, error) => _problems.Add("script error: " + error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                _problems.Add("CSP violation: " + message.Text);
            }
        };
    }

    public IPage Page { get; }

    public ConsoleTarget Target { get; }

    /// <summary>Uncaught script errors and Content-Security-Policy violations seen so far: a sound page has none.</summary>
    public IReadOnlyList<string> Problems => _problems;

    public ILocator ByTestId(string testId) => Page.Locator($"[data-testid=\"{testId}\"]");

    public ILocator SignInBox => ByTestId("sign-in");

    public ILocator SignInError => ByTestId("sign-in-error");

    public ILocator WhoAmI => ByTestId("whoami");

    public ILocator ErrorBanner => ByTestId("error-banner");

    public ILocator ErrorText => ByTestId("error-text");

    public ILocator NoticeText => ByTestId("notice-text");

    public ILocator ListTitle => ByTestId("list-title");

    public ILocator DetailView => ByTestId("detail-view");

    public ILocator DetailXid => ByTestId("detail-xid");

    public ILocator DetailStatus => ByTestId("detail-status");

    public ILocator DetailLastError => ByTestId("detail-last-error");

    public ILocator ReasonDialog => ByTestId("reason-dialog");

    /// <summary>Every action button on the page (transaction and branch actions).</summary>
    public ILocator ActionButtons => Page.Locator("[data-testid^=\"action-\"]");

    public ILocator BranchRows => ByTestId("branch-row");

    public ILocator EventRows => ByTestId("event-row");

    public ILocator DeadLettersUnavailable => ByTestId("dead-letters-unavailable");

    public ILocator DeadLetterRows => ByTestId("dead-letter-row");

    public ILocator TransactionRow(string xid) => Page.Locator($"[data-testid=\"transaction-row\"][data-xid=\"{xid}\"]");

    public ILocator Cell(ILocator row, string cell) => row.Locator($"[data-testid=\"cell-{cell}\"]");

    public ILocator CountBadge(string status) => ByTestId($"count-{status}");

    /// <summary>Opens the console (not signed in in a fresh context).</summary>
    public async Task OpenAsync()
    {
        await Page.GotoAsync(Target.ConsoleAddress().ToString());
        await Expect(Page).ToHaveTitleAsync(TitlePattern());
    }

    /// <summary>Pastes a key and signs in (does not wait for the outcome).</summary>
    public async Task SubmitKeyAsync(string key)
    {
        await Expect(SignInBox).ToBeVisibleAsync();
        await ByTestId("sign-in-key").FillAsync(key);
        await ByTestId("sign-in-submit").ClickAsync();
    }

    /// <summary>Signs in and waits for "signed in as {name} ({role})".</summary>
    public async Task SignInAsync(string key, string expectedName, string expectedRole)
    {
        await SubmitKeyAsync(key);
        await Expect(WhoAmI).ToHaveTextAsync($"signed in as {expectedName} ({expectedRole})");
    }

    /// <summary>Opens a transaction from the list and waits for its detail.</summary>
    public async Task OpenTransactionAsync(string xid)
    {
        await TransactionRow(xid).Locator("[data-testid=\"cell-xid\"]").ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex($"#/transactions/{Regex.Escape(Uri.EscapeDataString(xid))}$"));
        await Expect(DetailXid).ToHaveTextAsync(xid);
        await Expect(DetailStatus).Not.ToBeEmptyAsync();
    }

    /// <summary>Clicks an action button, types the reason in the dialog and confirms.</summary>
    /// <param name="actionTestId">E.g. <c>action-retry</c>.</param>
    /// <param name="reason">The reason.</param>
    /// <param name="screenshotStep">When set, a screenshot of the filled dialog under this step name.</param>
    public async Task PerformActionAsync(string actionTestId, string reason, string? screenshotStep = null)
    {
        await ByTestId(actionTestId).ClickAsync();
        await Expect(ReasonDialog).ToBeVisibleAsync();
        await ByTestId("reason-text").FillAsync(reason);
        if (screenshotStep is not null)
        {
            await ScreenshotAsync(screenshotStep);
        }

        await ByTestId("reason-confirm").ClickAsync();
        await Expect(ReasonDialog).ToBeHiddenAsync();
    }

    /// <summary>Saves a numbered screenshot of the page for this scenario.</summary>
    public Task<string> ScreenshotAsync(string step) =>
        Screenshots.SaveAsync(Page, _scenario, $"{Interlocked.Increment(ref _screenshots):D2}-{step}");

    /// <summary>Closes the page's browser context.</summary>
    public async ValueTask DisposeAsync() => await Page.Context.CloseAsync();

    [GeneratedRegex("coordinator console", RegexOptions.IgnoreCase)]
    private static partial Regex TitlePattern();
}
