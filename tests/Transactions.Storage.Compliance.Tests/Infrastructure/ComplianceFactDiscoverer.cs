using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Transactions.Storage.Compliance.Tests.Infrastructure;

/// <summary>Discovers <see cref="ComplianceFactAttribute"/> facts, skipping them when the concrete class's provider is unavailable.</summary>
public sealed class ComplianceFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    /// <inheritdoc />
    protected override IXunitTestCase CreateTestCase(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var requirement = testMethod.TestClass.Class.ToRuntimeType()?.GetCustomAttribute<ProviderRequirementAttribute>();
        return requirement?.SkipReason is { } reason
            ? new SkippedComplianceTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason)
            : base.CreateTestCase(discoveryOptions, testMethod, factAttribute);
    }
}
