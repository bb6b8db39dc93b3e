using Samples.Demo.Stack;
using Samples.Demo.Verification;

namespace Transactions.Samples.IntegrationTests.Infrastructure;

/// <summary>Failure messages with what is needed to understand them.</summary>
public static class Reports
{
    /// <summary>The violations, the snapshot's counts and the processes' last output lines.</summary>
    /// <param name="report">The report.</param>
    /// <param name="snapshot">The snapshot.</param>
    /// <param name="stack">The system.</param>
    /// <returns>The message.</returns>
    public static string Describe(ConsistencyReport report, SystemSnapshot snapshot, SampleStack stack) =>
        $"""
        Violations: {string.Join("; ", report.Violations)}
        Orders: {string.Join(", ", snapshot.Orders.GroupBy(o => o.Status).Select(g => $"{g.Key} {g.Count()}"))}
        Products: {string.Join(", ", snapshot.Products)}
        Accounts: {string.Join(", ", snapshot.Accounts)}
        Shipments: {snapshot.Shipments.Count}
        {stack.Diagnostics()}
        """;
}
