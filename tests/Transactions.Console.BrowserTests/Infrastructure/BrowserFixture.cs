using Microsoft.Playwright;

namespace Transactions.Console.BrowserTests.Infrastructure;

/// <summary>One headless Chromium shared by the tests of <see cref="BrowserCollection"/>; each test opens its own context.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>How long an action or an expectation may wait: generous, CI machines are slow and shared.</summary>
    public const float Timeout = 30_000;

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The browser (only inside a test that was not skipped).</summary>
    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium was not started: the test should have been skipped.");

    public async Task InitializeAsync()
    {
        var executable = Chromium.ExecutablePath;
        if (executable is null)
        {
            return; // every ChromiumFact is skipped
        }

        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"{Chromium.Variable}={executable} does not exist: install chromium (apt-get install -y chromium) or fix the variable.");
        }

        Assertions.SetDefaultExpectTimeout(Timeout);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = Chromium.Arguments,
            Timeout = 120_000,
        });
    }

    /// <summary>A fresh context (own sessionStorage) and page, with the long timeouts.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 860 },
            Locale = "en-US",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout(Timeout);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
