using Transactions.Locking.Tests.Infrastructure;
using Transactions.Testing;

namespace Transactions.Locking.Tests;

/// <summary>
/// The behaviour suite on SQL Server (a database per test): the server of <c>TX_TEST_SQLSERVER</c>, else a
/// Testcontainers SQL Server shared by the test process when a Docker engine is reachable; skipped with the reason
/// otherwise, in CI too: no SQL Server engine and no Docker engine run on these machines.
/// </summary>
[RequiresSqlServer]
public sealed class SqlServerDistributedLockTests : DistributedLockComplianceTests
{
    /// <inheritdoc />
    protected override async Task<LockDatabase> CreateDatabaseAsync() => await SqlServerLockDatabase.CreateAsync();
}
