using Xunit.Abstractions;
using Xunit.Sdk;

namespace Transactions.Participants.Fence.Tests.Infrastructure;

/// <summary>Discovers <see cref="DatabaseFactAttribute"/> tests (see there).</summary>
public sealed class DatabaseFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(
        ITestFrameworkDiscoveryOptions discoveryOptions,
        ITestMethod testMethod,
        IAttributeInfo factAttribute)
    {
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        if (testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresSqlServerAttribute)).Any()
            && Transactions.Testing.SqlServerTestServer.SkipReason is { } noSqlServer)
        {
            // SQL Server is optional everywhere (no engine runs on the project's machines): skipped with the reason, never failed.
            yield return new SkippedTestCase(diagnosticMessageSink, display, displayOptions, testMethod, noSqlServer);
            yield break;
        }

        var requirement = testMethod.TestClass.Class
            .GetCustomAttributes(typeof(RequiresEnvironmentVariableAttribute))
            .FirstOrDefault();
        var variable = requirement?.GetConstructorArguments().FirstOrDefault() as string;
        if (variable is null || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(variable)))
        {
            yield return new XunitTestCase(diagnosticMessageSink, display, displayOptions, testMethod);
            yield break;
        }

        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("CI")))
        {
            yield return new ExecutionErrorTestCase(
                diagnosticMessageSink,
                display,
                displayOptions,
                testMethod,
                $"Environment variable {variable} is not set but CI is: {testMethod.TestClass.Class.Name} must run "
                + "against a real server in CI (start it with the project's script and export the connection string).");
            yield break;
        }

        yield return new SkippedTestCase(
            diagnosticMessageSink,
            display,
            displayOptions,
            testMethod,
            $"Environment variable {variable} is not set (set it to run these tests against a real server).");
    }
}
