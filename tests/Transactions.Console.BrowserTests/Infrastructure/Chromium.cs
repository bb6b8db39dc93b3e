namespace Transactions.Console.BrowserTests.Infrastructure;

/// <summary>The Chromium the tests drive: Playwright cannot download its own browsers here, Debian's package is used.</summary>
public static class Chromium
{
    /// <summary>Variable naming the Chromium executable (./build.sh test sets it and installs chromium).</summary>
    public const string Variable = "TX_TEST_CHROMIUM";

    /// <summary>Where Debian's <c>chromium</c> package puts it.</summary>
    public const string DebianPath = "/usr/bin/chromium";

    /// <summary>
    /// Flags for a headless run on a shared CI machine: no sandbox (root in a container), no GPU, and none of the
    /// background traffic (updates, sync) that cannot reach anything here anyway.
    /// </summary>
    public static readonly IReadOnlyList<string> Arguments =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ];

    /// <summary>
    /// The executable: <see cref="Variable"/> when set (even if wrong: a broken set-up must fail, not skip), else
    /// <see cref="DebianPath"/> when present, else null.
    /// </summary>
    public static string? ExecutablePath =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured ? configured
        : File.Exists(DebianPath) ? DebianPath
        : null;
}
