using Transactions.Participants.Fence.Tests.Infrastructure;

namespace Transactions.Participants.Fence.Tests;

/// <summary>
/// The compliance suite on SQL Server, in a database created for this class and dropped after it: on the server of
/// <c>TX_TEST_SQLSERVER</c>, else in a Testcontainers SQL Server when a Docker engine is reachable, else skipped with
/// the reason (see <see cref="Transactions.Testing.SqlServerTestServer"/>). The fence is provider-neutral EF Core.
/// </summary>
[RequiresSqlServer]
public sealed class SqlServerTccFenceTests(SqlServerFenceDatabase database)
    : TccFenceComplianceTests(database), IClassFixture<SqlServerFenceDatabase>;
