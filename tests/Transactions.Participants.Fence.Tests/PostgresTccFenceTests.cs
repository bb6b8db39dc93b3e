using Transactions.Participants.Fence.Tests.Infrastructure;

namespace Transactions.Participants.Fence.Tests;

/// <summary>
/// The compliance suite on a real PostgreSQL server (<c>TX_TEST_POSTGRES</c>), in a database created for
/// this class and dropped after it; the fence uses schema <c>participant</c>, table <c>tcc_fence_log</c>.
/// </summary>
[RequiresEnvironmentVariable(PostgresFenceDatabase.EnvironmentVariable)]
public sealed class PostgresTccFenceTests(PostgresFenceDatabase database)
    : TccFenceComplianceTests(database), IClassFixture<PostgresFenceDatabase>;
