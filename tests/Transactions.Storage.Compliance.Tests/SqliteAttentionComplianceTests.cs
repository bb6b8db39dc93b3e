using Transactions.Storage.Compliance.Tests.Infrastructure;

namespace Transactions.Storage.Compliance.Tests;

/// <summary>The operator-alert read suite on a temporary SQLite file migrated with the SQLite migrations.</summary>
public sealed class SqliteAttentionComplianceTests(SqliteStorageFixture fixture) : AttentionComplianceTests<SqliteStorageFixture>(fixture);
