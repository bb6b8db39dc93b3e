using Transactions.Testing;
using Xunit;

namespace Transactions.Coordinator.IntegrationTests.Security;

/// <summary>
/// Secure by default: a coordinator process in the Production environment refuses to start without application keys
/// required and admin keys, unless Security:AllowAnonymous says so (then it logs what is open); with keys it starts
/// without that setting. SQLite, so no server is needed.
/// </summary>
public sealed class SecureByDefaultTests
{
    [Fact]
    public async Task Production_NoKeys_NoAllowAnonymous_RefusesToStart_SayingWhatToSet()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => CoordinatorProcess.StartAsync("Sqlite", SqliteFile(), new Dictionary<string, string>
        {
            ["Security__AllowAnonymous"] = "false",
        }));

        Assert.Contains("Outside Development this service starts only with keys", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Security:RequireApplicationKeys is false", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Admin:ApiKeys is empty", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Security:AllowAnonymous=true", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_AllowAnonymous_Starts_AndWarnsWhatIsOpen()
    {
        await using var coordinator = await CoordinatorProcess.StartAsync("Sqlite", SqliteFile(), new Dictionary<string, string>
        {
            ["Security__AllowAnonymous"] = "true",
        });

        await Eventually.WaitAsync(() => Task.FromResult(coordinator.Output.Contains("Running with anonymous access", StringComparison.Ordinal)), TimeSpan.FromSeconds(10), "the warning");
        Assert.Contains("Security:RequireApplicationKeys is false", coordinator.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_KeysRequiredAndAdminKeys_StartsWithoutAllowAnonymous_NothingToWarn()
    {
        await using var coordinator = await CoordinatorProcess.StartAsync("Sqlite", SqliteFile(), ProductionSettings.WithKeys());

        Assert.True(coordinator.ProcessId > 0);
        Assert.DoesNotContain("anonymous access", coordinator.Output, StringComparison.Ordinal);
    }

    private static string SqliteFile() => $"Data Source={Path.Combine(Path.GetTempPath(), $"tx-secure-{Guid.NewGuid():N}.db")}";
}
