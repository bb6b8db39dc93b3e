using Transactions.Storage.Compliance.Tests.Infrastructure;

namespace Transactions.Storage.Compliance.Tests;

/// <summary>The saga store suite on a fresh PostgreSQL database (TX_TEST_POSTGRES) migrated with the PostgreSQL migrations.</summary>
[RequiresPostgreSql]
public sealed class PostgreSqlSagaStoreComplianceTests(PostgreSqlStorageFixture fixture) : SagaStoreComplianceTests<PostgreSqlStorageFixture>(fixture);
