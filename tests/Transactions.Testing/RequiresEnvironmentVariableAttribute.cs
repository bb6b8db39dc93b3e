namespace Transactions.Testing;

/// <summary>
/// On a concrete test class whose tests are <see cref="EnvironmentFactAttribute"/>s (typically one provider's
/// subclass of a shared compliance suite): the tests need <see cref="Variable"/>. Without it they are skipped
/// with the reason, or, when <see cref="RequiredInCi"/> and <c>CI</c> is set, they fail with a clear message.
/// </summary>
/// <param name="variable">The environment variable, e.g. <c>TX_TEST_POSTGRES</c>.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = true)]
public sealed class RequiresEnvironmentVariableAttribute(string variable) : Attribute
{
    /// <summary>The environment variable.</summary>
    public string Variable { get; } = variable;

    /// <summary>
    /// Whether CI must provide it (the test command starts PostgreSQL and Kafka; SQL Server cannot run on these
    /// machines, so its tests are skipped everywhere without a server). Default: true.
    /// </summary>
    public bool RequiredInCi { get; set; } = true;
}
