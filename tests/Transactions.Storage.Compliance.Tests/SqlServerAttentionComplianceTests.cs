using Transactions.Storage.Compliance.Tests.Infrastructure;

namespace Transactions.Storage.Compliance.Tests;

/// <summary>The operator-alert read suite on a fresh SQL Server database (TX_TEST_SQLSERVER, or Testcontainers when a Docker engine is reachable; else skipped with the reason).</summary>
[RequiresSqlServer]
public sealed class SqlServerAttentionComplianceTests(SqlServerStorageFixture fixture) : AttentionComplianceTests<SqlServerStorageFixture>(fixture);
