using Xunit.Abstractions;
using Xunit.Sdk;

namespace Transactions.Testing.Internal;

/// <summary>Discovers <see cref="EnvironmentFactAttribute"/> tests (see there).</summary>
public sealed class EnvironmentFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    /// <inheritdoc />
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        if (testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresSqlServerAttribute)).Any()
            && SqlServerTestServer.SkipReason is { } noSqlServer)
        {
            // SQL Server is optional everywhere (no engine runs on the project's machines): skipped with the reason, never failed.
            yield return new SkippedTestCase(diagnosticMessageSink, display, displayOptions, testMethod, noSqlServer);
            yield break;
        }

        var missing = testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresEnvironmentVariableAttribute))
            .Select(a => (Variable: (string)a.GetConstructorArguments().First(), RequiredInCi: a.GetNamedArgument<bool?>(nameof(RequiresEnvironmentVariableAttribute.RequiredInCi)) ?? true))
            .Where(r => string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(r.Variable)))
            .ToList();
        if (missing.Count == 0)
        {
            yield return new XunitTestCase(diagnosticMessageSink, display, displayOptions, testMethod);
            yield break;
        }

        var variable = string.Join(" and ", missing.Select(m => m.Variable));
        if (missing.Any(m => m.RequiredInCi) && TestEnvironment.IsCi)
        {
            yield return new ExecutionErrorTestCase(
                diagnosticMessageSink,
                display,
                displayOptions,
                testMethod,
                $"Environment variable {variable} is not set but CI is: {testMethod.TestClass.Class.Name} must run against a real server in CI.");
            yield break;
        }

        yield return new SkippedTestCase(diagnosticMessageSink, display, displayOptions, testMethod, $"Environment variable {variable} is not set (set it to run these tests against a real server).");
    }
}
