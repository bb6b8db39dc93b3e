using Transactions.Storage.Compliance.Tests.Infrastructure;

namespace Transactions.Storage.Compliance.Tests;

/// <summary>The compliance suite on a temporary SQLite file migrated with the SQLite migrations.</summary>
public sealed class SqliteStorageComplianceTests(SqliteStorageFixture fixture) : StorageComplianceTests<SqliteStorageFixture>(fixture);
