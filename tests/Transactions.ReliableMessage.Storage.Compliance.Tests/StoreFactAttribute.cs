using Xunit.Sdk;

namespace Transactions.ReliableMessage.Storage.Compliance.Tests;

/// <summary>
/// A fact of the shared store suite: an <see cref="Transactions.Testing.EnvironmentFactAttribute"/> (skipped, or failing
/// in CI, when the concrete class's <see cref="Transactions.Testing.RequiresEnvironmentVariableAttribute"/> variable is
/// missing) that is also skipped, with the reason, when the concrete class carries <see cref="RequiresSqlServerAttribute"/>
/// and no SQL Server is available here.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer(
    "Transactions.ReliableMessage.Storage.Compliance.Tests.StoreFactDiscoverer",
    "Transactions.ReliableMessage.Storage.Compliance.Tests")]
public sealed class StoreFactAttribute : FactAttribute;
