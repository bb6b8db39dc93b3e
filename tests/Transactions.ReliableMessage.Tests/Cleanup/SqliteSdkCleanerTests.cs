namespace Transactions.ReliableMessage.Tests.Cleanup;

/// <summary>The barrier and inbox cleaners on SQLite (a temporary file).</summary>
public sealed class SqliteSdkCleanerTests(SqliteShopDatabase database)
    : SdkCleanerComplianceTests(database), IClassFixture<SqliteShopDatabase>;
