namespace Transactions.Console.BrowserTests.Infrastructure;

/// <summary>Base of the tests that drive the console in the shared Chromium.</summary>
[Collection(BrowserCollection.Name)]
public abstract class BrowserTest(BrowserFixture browser)
{
    /// <summary>A fresh browser context on the console of <paramref name="target"/>, opened and showing sign-in.</summary>
    /// <param name="target">The server and its keys.</param>
    /// <param name="scenario">Names the screenshots.</param>
    protected async Task<ConsolePage> OpenConsoleAsync(ConsoleTarget target, string scenario)
    {
        var console = new ConsolePage(await browser.NewPageAsync(), target, scenario);
        await console.OpenAsync();
        return console;
    }
}
