using Xunit;
using Xunit.Sdk;

namespace Transactions.Storage.Compliance.Tests.Infrastructure;

/// <summary>
/// A fact of the compliance suite: skipped (or failed, in CI) according to the
/// <see cref="ProviderRequirementAttribute"/> on the concrete test class that runs it.
/// </summary>
[XunitTestCaseDiscoverer("Transactions.Storage.Compliance.Tests.Infrastructure.ComplianceFactDiscoverer", "Transactions.Storage.Compliance.Tests")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ComplianceFactAttribute : FactAttribute;
