using Transactions.Testing;
using Transactions.Testing.Internal;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Transactions.ReliableMessage.Storage.Compliance.Tests;

/// <summary>
/// Discovers <see cref="StoreFactAttribute"/> tests: skipped with <see cref="SqlServerTestServer.SkipReason"/> when the
/// class needs SQL Server and none is available; otherwise as <see cref="EnvironmentFactDiscoverer"/> decides.
/// </summary>
public sealed class StoreFactDiscoverer : IXunitTestCaseDiscoverer
{
    private readonly IMessageSink _diagnosticMessageSink;
    private readonly EnvironmentFactDiscoverer _environment;

    /// <summary>Creates the discoverer (called by xunit).</summary>
    public StoreFactDiscoverer(IMessageSink diagnosticMessageSink)
    {
        _diagnosticMessageSink = diagnosticMessageSink;
        _environment = new EnvironmentFactDiscoverer(diagnosticMessageSink);
    }

    /// <inheritdoc />
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        if (testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresSqlServerAttribute)).Any()
            && SqlServerTestServer.SkipReason is { } reason)
        {
            return
            [
                new SkippedTestCase(
                    _diagnosticMessageSink,
                    discoveryOptions.MethodDisplayOrDefault(),
                    discoveryOptions.MethodDisplayOptionsOrDefault(),
                    testMethod,
                    reason),
            ];
        }

        return _environment.Discover(discoveryOptions, testMethod, factAttribute);
    }
}
