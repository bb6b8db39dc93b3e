using Transactions.Testing;

namespace Transactions.ReliableMessage.Tests.Cleanup;

/// <summary>The barrier and inbox cleaners on a real PostgreSQL (<c>TX_TEST_POSTGRES</c>; skipped without it, failing in CI).</summary>
[RequiresEnvironmentVariable(TestEnvironment.PostgresVariable)]
public sealed class PostgresSdkCleanerTests(PostgresShopDatabase database)
    : SdkCleanerComplianceTests(database), IClassFixture<PostgresShopDatabase>;
