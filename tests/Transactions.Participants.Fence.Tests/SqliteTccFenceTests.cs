using Transactions.Participants.Fence.Tests.Infrastructure;

namespace Transactions.Participants.Fence.Tests;

/// <summary>The compliance suite on SQLite (a temporary database file).</summary>
public sealed class SqliteTccFenceTests(SqliteFenceDatabase database)
    : TccFenceComplianceTests(database), IClassFixture<SqliteFenceDatabase>;
