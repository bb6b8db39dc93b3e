namespace Transactions.Participants.Fence.Tests.Infrastructure;

/// <summary>
/// Marks a concrete test class whose <see cref="DatabaseFactAttribute"/> tests need an external server
/// reached through an environment variable (e.g. <c>TX_TEST_POSTGRES</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RequiresEnvironmentVariableAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
