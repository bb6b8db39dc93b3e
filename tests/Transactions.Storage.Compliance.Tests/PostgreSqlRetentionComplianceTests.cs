using Transactions.Storage.Compliance.Tests.Infrastructure;

namespace Transactions.Storage.Compliance.Tests;

/// <summary>The retention suite on a fresh PostgreSQL database (TX_TEST_POSTGRES) migrated with the PostgreSQL migrations.</summary>
[RequiresPostgreSql]
public sealed class PostgreSqlRetentionComplianceTests(PostgreSqlStorageFixture fixture) : RetentionComplianceTests<PostgreSqlStorageFixture>(fixture);
