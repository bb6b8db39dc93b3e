using Transactions.Testing;

namespace Transactions.Coordinator.IntegrationTests;

/// <summary>The TCC end-to-end suite on a real PostgreSQL server.</summary>
[Xunit.Trait("Requires", "PostgreSQL")]
public sealed class TccEndToEndPostgresTests : TccEndToEndTests
{
    protected override async Task<(string Provider, string ConnectionString)> CreateStoreAsync()
    {
        var database = await PostgresDatabase.CreateAsync("tx_e2e");
        Own(database);
        return ("PostgreSql", database.ConnectionString);
    }
}
