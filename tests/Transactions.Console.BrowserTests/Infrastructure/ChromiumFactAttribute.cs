namespace Transactions.Console.BrowserTests.Infrastructure;

/// <summary>A fact that drives a real Chromium; skipped with the reason when there is none on this machine.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ChromiumFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute.</summary>
    public ChromiumFactAttribute()
    {
        if (Chromium.ExecutablePath is null)
        {
            Skip = $"No Chromium here: set {Chromium.Variable} or run `apt-get install -y chromium` ({Chromium.DebianPath}); ./build.sh test does it.";
        }
    }
}
