using Transactions.Storage.Compliance.Tests.Infrastructure;

namespace Transactions.Storage.Compliance.Tests;

/// <summary>The compliance suite on a fresh SQL Server database (TX_TEST_SQLSERVER) migrated with the SQL Server migrations.</summary>
[RequiresSqlServer]
public sealed class SqlServerStorageComplianceTests(SqlServerStorageFixture fixture) : StorageComplianceTests<SqlServerStorageFixture>(fixture);
