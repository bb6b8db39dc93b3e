using Xunit.Sdk;

namespace Transactions.Participants.Fence.Tests.Infrastructure;

/// <summary>
/// A fact of the shared compliance suite. When the CONCRETE test class carries
/// <see cref="RequiresEnvironmentVariableAttribute"/> and that variable is missing, the test is skipped
/// with the reason, or, when the <c>CI</c> variable is set, reported as a failure with a clear message
/// (CI must never pass by skipping a provider). When the class carries <see cref="RequiresSqlServerAttribute"/> and
/// no SQL Server is available, the test is skipped with the reason, in CI too.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer(
    "Transactions.Participants.Fence.Tests.Infrastructure.DatabaseFactDiscoverer",
    "Transactions.Participants.Fence.Tests")]
public sealed class DatabaseFactAttribute : FactAttribute
{
}
