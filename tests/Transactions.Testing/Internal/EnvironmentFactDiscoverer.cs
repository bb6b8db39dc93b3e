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
        var requirement = testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresEnvironmentVariableAttribute)).FirstOrDefault();
        var variable = requirement?.GetConstructorArguments().FirstOrDefault() as string;
        if (variable is null || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(variable)))
        {
            yield return new XunitTestCase(diagnosticMessageSink, display, displayOptions, testMethod);
            yield break;
        }

        var requiredInCi = requirement!.GetNamedArgument<bool?>(nameof(RequiresEnvironmentVariableAttribute.RequiredInCi)) ?? true;
        if (requiredInCi && TestEnvironment.IsCi)
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
