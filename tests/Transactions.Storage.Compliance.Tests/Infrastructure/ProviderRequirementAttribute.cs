namespace Transactions.Storage.Compliance.Tests.Infrastructure;

/// <summary>
/// Put on a concrete compliance test class: says whether its database is available here. Read by
/// <see cref="ComplianceFactAttribute"/>, because the facts are declared once on the abstract suite and
/// only the concrete class knows which server it needs.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public abstract class ProviderRequirementAttribute : Attribute
{
    /// <summary>Why the tests of the class are skipped here, or null to run them.</summary>
    public abstract string? SkipReason { get; }
}
