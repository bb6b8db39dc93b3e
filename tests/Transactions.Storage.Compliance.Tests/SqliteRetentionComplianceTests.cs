using Transactions.Storage.Compliance.Tests.Infrastructure;

namespace Transactions.Storage.Compliance.Tests;

/// <summary>The retention suite on a temporary SQLite file migrated with the SQLite migrations.</summary>
public sealed class SqliteRetentionComplianceTests(SqliteStorageFixture fixture) : RetentionComplianceTests<SqliteStorageFixture>(fixture);
