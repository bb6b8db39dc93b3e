using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Transactions.Participants.IntegrationTests.Infrastructure;
using Transactions.Testing;

namespace Transactions.Participants.IntegrationTests.Stock;

/// <summary>
/// The stock service as a running process-like app: Kestrel on two loopback ports, HTTP/1.1 for its business
/// API and HTTP/2 for the gRPC participant endpoint; its own PostgreSQL database.
/// </summary>
public sealed class StockApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StockApp(WebApplication app, Uri httpAddress, DeliveryCounter deliveries)
    {
        _app = app;
        HttpAddress = httpAddress;
        Deliveries = deliveries;
    }

    /// <summary>Base address of the business API (HTTP/1.1).</summary>
    public Uri HttpAddress { get; }

    /// <summary>Requests received per path.</summary>
    public DeliveryCounter Deliveries { get; }

    public StockTestHooks Hooks => _app.Services.GetRequiredService<StockTestHooks>();

    public static async Task<StockApp> StartAsync(string connectionString, string coordinatorAddress, TestLog log)
    {
        var httpPort = FreePort.Next();
        var grpcPort = FreePort.Next();
        var builder = TestAppBuilder.Create(log, httpPort, grpcPort);
        builder.Services.AddStockService(connectionString, coordinatorAddress, participantEndpoint: $"http://127.0.0.1:{grpcPort}");
        builder.Services.AddSingleton<StockTestHooks>();
        builder.Services.ConfigureDbContext<StockDbContext>((sp, options) => options.AddInterceptors(sp.GetRequiredService<StockTestHooks>().TransactionInterceptor));

        var app = builder.Build();
        var deliveries = new DeliveryCounter();
        deliveries.UseIn(app);
        app.Services.GetRequiredService<StockTestHooks>().UseIn(app);
        app.MapStockService();

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<StockDbContext>().Database.EnsureCreatedAsync();
        }

        await app.StartAsync();
        return new StockApp(app, new Uri($"http://127.0.0.1:{httpPort}"), deliveries);
    }

    public async Task SeedAsync(string sku, int available)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StockDbContext>();
        db.Products.Add(new Product { Sku = sku, Available = available });
        await db.SaveChangesAsync();
    }

    public async Task<Product> GetAsync(string sku)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StockDbContext>();
        return await db.Products.AsNoTracking().SingleAsync(p => p.Sku == sku);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
