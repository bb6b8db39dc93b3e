using Transactions.Storage.Compliance.Tests.Infrastructure;

namespace Transactions.Storage.Compliance.Tests;

/// <summary>
/// The saga store suite on a fresh SQL Server database migrated with the SQL Server migrations: on the server of
/// <c>TX_TEST_SQLSERVER</c>, else in a Testcontainers SQL Server when a Docker engine is reachable, else skipped with the reason.
/// </summary>
[RequiresSqlServer]
public sealed class SqlServerSagaStoreComplianceTests(SqlServerStorageFixture fixture) : SagaStoreComplianceTests<SqlServerStorageFixture>(fixture);
