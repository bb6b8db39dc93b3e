using Transactions.Storage.Compliance.Tests.Infrastructure;

namespace Transactions.Storage.Compliance.Tests;

/// <summary>The operator-alert read suite on a fresh PostgreSQL database (TX_TEST_POSTGRES) migrated with the PostgreSQL migrations.</summary>
[RequiresPostgreSql]
public sealed class PostgreSqlAttentionComplianceTests(PostgreSqlStorageFixture fixture) : AttentionComplianceTests<PostgreSqlStorageFixture>(fixture);
