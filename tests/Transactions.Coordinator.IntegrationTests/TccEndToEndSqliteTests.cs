namespace Transactions.Coordinator.IntegrationTests;

/// <summary>The TCC end-to-end suite on the embedded default store (a SQLite file).</summary>
public sealed class TccEndToEndSqliteTests : TccEndToEndTests
{
    protected override Task<(string Provider, string ConnectionString)> CreateStoreAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tx-e2e-{Guid.NewGuid():N}.db");
        return Task.FromResult(("Sqlite", $"Data Source={path}"));
    }
}
