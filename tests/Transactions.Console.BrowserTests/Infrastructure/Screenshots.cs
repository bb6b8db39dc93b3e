using Microsoft.Playwright;
using Transactions.Testing;

namespace Transactions.Console.BrowserTests.Infrastructure;

/// <summary>Screenshots kept as CI artifacts in <c>.artifacts/test-results/screenshots</c> under the repository root.</summary>
public static class Screenshots
{
    private static readonly Lazy<string> LazyDirectory = new(() =>
        Directory.CreateDirectory(Path.Combine(TestEnvironment.RepoRoot, ".artifacts", "test-results", "screenshots")).FullName);

    /// <summary>The folder.</summary>
    public static string Folder => LazyDirectory.Value;

    /// <summary>Saves the whole page as <c>{scenario}-{step}.png</c> and returns the file's path.</summary>
    public static async Task<string> SaveAsync(IPage page, string scenario, string step)
    {
        ArgumentNullException.ThrowIfNull(page);
        var path = Path.Combine(Folder, $"{scenario}-{step}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }
}
