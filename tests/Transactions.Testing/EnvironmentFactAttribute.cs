using Xunit;
using Xunit.Sdk;

namespace Transactions.Testing;

/// <summary>
/// A fact of a shared suite (e.g. a storage compliance suite written once). When the CONCRETE test class carries
/// <see cref="RequiresEnvironmentVariableAttribute"/> and the variable is missing, the test is skipped with the
/// reason, or fails in CI when the variable is required there (CI must never pass by skipping a provider). When it
/// carries <see cref="RequiresSqlServerAttribute"/> and no SQL Server is available, it is skipped with the reason.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("Transactions.Testing.Internal.EnvironmentFactDiscoverer", "Transactions.Testing")]
public sealed class EnvironmentFactAttribute : FactAttribute
{
}
