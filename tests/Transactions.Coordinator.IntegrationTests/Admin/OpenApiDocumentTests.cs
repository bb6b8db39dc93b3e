using System.Net;
using System.Text.Json;
using Transactions.Testing;
using Xunit;

namespace Transactions.Coordinator.IntegrationTests.Admin;

/// <summary>The coordinator process serves an anonymous OpenAPI document that lists the admin API.</summary>
public sealed class OpenApiDocumentTests : IAsyncLifetime
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"tx-openapi-{Guid.NewGuid():N}.db");
    private CoordinatorProcess _coordinator = null!;

    public async Task InitializeAsync() =>
        _coordinator = await CoordinatorProcess.StartAsync("Sqlite", $"Data Source={_database}");

    public async Task DisposeAsync()
    {
        await _coordinator.DisposeAsync();
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(_database)!, Path.GetFileName(_database) + "*"))
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task OpenApiDocument_Anonymous_ListsTheAdminPaths()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_coordinator.HttpPort}"), Timeout = TimeSpan.FromSeconds(60) };

        using var response = await http.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/admin/transactions", paths);
        Assert.Contains("/api/v1/admin/transactions/{xid}/retry", paths);
        Assert.Contains("/api/v1/admin/audit", paths);
    }
}
