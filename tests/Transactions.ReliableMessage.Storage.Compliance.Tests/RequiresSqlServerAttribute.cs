namespace Transactions.ReliableMessage.Storage.Compliance.Tests;

/// <summary>
/// On a concrete test class whose tests are <see cref="StoreFactAttribute"/>s: they need a SQL Server, the one named by
/// <c>TX_TEST_SQLSERVER</c> or else a container started by Testcontainers when a Docker engine is reachable
/// (<see cref="Transactions.Testing.SqlServerTestServer"/>). With neither they are skipped with the reason, in CI too:
/// the project's machines run no SQL Server and no Docker engine.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RequiresSqlServerAttribute : Attribute;
