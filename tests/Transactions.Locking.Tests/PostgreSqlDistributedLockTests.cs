using Transactions.Locking.Tests.Infrastructure;
using Transactions.Testing;

namespace Transactions.Locking.Tests;

/// <summary>The behaviour suite on PostgreSQL (<c>TX_TEST_POSTGRES</c>; required in CI): a database per test.</summary>
[RequiresEnvironmentVariable(TestEnvironment.PostgresVariable)]
public sealed class PostgreSqlDistributedLockTests : DistributedLockComplianceTests
{
    /// <inheritdoc />
    protected override async Task<LockDatabase> CreateDatabaseAsync() => await PostgreSqlLockDatabase.CreateAsync();
}
