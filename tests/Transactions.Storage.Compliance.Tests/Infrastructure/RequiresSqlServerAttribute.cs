namespace Transactions.Storage.Compliance.Tests.Infrastructure;

/// <summary>
/// The class needs a SQL Server named by <c>TX_TEST_SQLSERVER</c> (a connection string with rights to create
/// databases). No SQL Server engine runs on the project's machines, so without the variable the tests are
/// skipped, in CI too.
/// </summary>
public sealed class RequiresSqlServerAttribute : ProviderRequirementAttribute
{
    /// <summary>Variable holding the SQL Server connection string.</summary>
    public const string Variable = "TX_TEST_SQLSERVER";

    /// <summary>The connection string, or null.</summary>
    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } cs ? cs : null;

    /// <inheritdoc />
    public override string? SkipReason => ConnectionString is null ? $"no SQL Server reachable here: set {Variable}" : null;
}
