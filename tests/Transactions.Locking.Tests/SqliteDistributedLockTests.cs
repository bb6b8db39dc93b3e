using Transactions.Locking.Tests.Infrastructure;

namespace Transactions.Locking.Tests;

/// <summary>The behaviour suite on SQLite: a database file in a fresh temporary folder per test.</summary>
public sealed class SqliteDistributedLockTests : DistributedLockComplianceTests
{
    /// <inheritdoc />
    protected override Task<LockDatabase> CreateDatabaseAsync() => Task.FromResult<LockDatabase>(new SqliteLockDatabase());
}
