namespace Transactions.Testing;

/// <summary>
/// On a concrete test class whose tests are <see cref="EnvironmentFactAttribute"/>s: they need a SQL Server, the one
/// named by <c>TX_TEST_SQLSERVER</c> or else a container started by Testcontainers when a Docker engine is reachable
/// (<see cref="SqlServerTestServer"/>). With neither they are skipped with <see cref="SqlServerTestServer.SkipReason"/>,
/// in CI too: the project's machines run no SQL Server and no Docker engine.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RequiresSqlServerAttribute : Attribute;
