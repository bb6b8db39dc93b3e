using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Transactions.ReliableMessage.Producer;

namespace Transactions.ReliableMessage.IntegrationTests.Infrastructure;

/// <summary>
/// An order service using the producer SDK in-process: its own database (orders + barrier) and the back-check
/// endpoint on a fixed HTTP/2 port (a restarted producer comes back on the same address).
/// </summary>
public sealed class ProducerApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ProducerApp(WebApplication app, ShopDatabase database, int port)
    {
        _app = app;
        Database = database;
        Port = port;
    }

    public ShopDatabase Database { get; }

    public int Port { get; }

    public IReliableMessageProducer Producer => _app.Services.GetRequiredService<IReliableMessageProducer>();

    public static async Task<ProducerApp> StartAsync(string serviceAddress, ShopDatabase database, int port, string producerGroup = "orders-service", string? applicationKey = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        // The service's appsettings.json lands in this output folder too: none of it applies here.
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.ListenLocalhost(port, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddDbContext<ShopDbContext>(o => o.UseNpgsql(database.ConnectionString));
        builder.Services.AddReliableMessageProducer<ShopDbContext>(o =>
        {
            o.ServiceAddress = serviceAddress;
            o.ProducerGroup = producerGroup;
            o.ApplicationKey = applicationKey;
            o.CheckEndpoint = $"http://localhost:{port}";
            o.CallTimeout = TimeSpan.FromSeconds(3);
            o.Retries = 2;
        });
        var app = builder.Build();
        app.MapReliableMessageProducer<ShopDbContext>();
        await app.StartAsync();
        return new ProducerApp(app, database, port);
    }

    /// <summary>Places an order and sends its message in one local transaction; <paramref name="fail"/> makes the local work throw.</summary>
    public async Task<long> PlaceOrderAsync(string topic, string orderId, bool fail = false)
    {
        await using var db = Database.NewContext();
        return await Producer.SendAsync(db, new MessageToSend(topic, orderId, System.Text.Encoding.UTF8.GetBytes(orderId)), _ =>
        {
            db.Orders.Add(new Order { Id = orderId });
            return fail ? throw new InvalidOperationException("out of stock") : Task.CompletedTask;
        }, default);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
