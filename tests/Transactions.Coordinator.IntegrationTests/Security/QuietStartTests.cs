using Transactions.Testing;
using Xunit;

namespace Transactions.Coordinator.IntegrationTests.Security;

/// <summary>
/// A healthy first start of a coordinator configured for production (application and admin keys) on an empty
/// PostgreSQL database logs no error and no warning: nothing that would send an operator looking for a problem.
/// </summary>
[Trait("Requires", "PostgreSQL")]
public sealed class QuietStartTests
{
    [PostgresFact]
    public async Task ProductionConfiguration_EmptyPostgreSqlDatabase_NoErrorOrWarningLine()
    {
        await using var database = await PostgresDatabase.CreateAsync("tx_quiet");
        await using var coordinator = await CoordinatorProcess.StartAsync("PostgreSql", database.ConnectionString, ProductionSettings.WithKeys());
        await Task.Delay(TimeSpan.FromSeconds(1)); // the first recovery polls and the worker id lease run meanwhile

        var noisy = coordinator.Output.Split('\n').Where(l => l.Contains(" ERR]", StringComparison.Ordinal) || l.Contains(" WRN]", StringComparison.Ordinal) || l.Contains("fail:", StringComparison.Ordinal)).ToList();

        Assert.Contains("Now listening on", coordinator.Output, StringComparison.Ordinal);
        Assert.True(noisy.Count == 0, "error or warning lines on a healthy first start:\n" + string.Join("\n", noisy));
    }
}
