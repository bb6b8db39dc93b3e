using Transactions.Storage.Compliance.Tests.Infrastructure;

namespace Transactions.Storage.Compliance.Tests;

/// <summary>The saga store suite on a temporary SQLite file migrated with the SQLite migrations.</summary>
public sealed class SqliteSagaStoreComplianceTests(SqliteStorageFixture fixture) : SagaStoreComplianceTests<SqliteStorageFixture>(fixture);
