using Transactions.Testing;

namespace Transactions.Storage.Compliance.Tests.Infrastructure;

/// <summary>
/// The class needs a SQL Server: the one named by <c>TX_TEST_SQLSERVER</c> (a connection string with rights to create
/// databases), or else a container started by Testcontainers when a Docker engine is reachable
/// (<see cref="SqlServerTestServer"/>). With neither, the tests are skipped with the reason, in CI too: the project's
/// machines run no SQL Server and no Docker engine.
/// </summary>
public sealed class RequiresSqlServerAttribute : ProviderRequirementAttribute
{
    /// <inheritdoc />
    public override string? SkipReason => SqlServerTestServer.SkipReason;
}
