using Microsoft.Extensions.Options;
using Samples.Hosting.Database;
using Samples.Hosting.Hosting;
using Samples.Order.Orders;
using Samples.Order.Participants;
using Samples.Order.Shipments;

namespace Samples.Order.Hosting;

/// <summary>How the order service is put together.</summary>
public static class OrderServiceExtensions
{
    /// <summary>
    /// Registers the database, the participants SDK (TM and the order branch, with the TCC fence), the stock and
    /// points clients (they carry the xid), and the reliable-message producer (barrier in the order database).
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static WebApplicationBuilder AddOrderService(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddSampleHost("order");
        var services = builder.Services;
        services.AddOptions<OrderOptions>()
            .Bind(builder.Configuration.GetSection(OrderOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSampleDatabase<OrderDbContext>(builder.Configuration, "orders.db");
        services.AddTransactions(builder.Configuration.GetSection("Transactions")).UseTccFence<OrderDbContext>();
        services.AddTccParticipant<IOrderBook, OrderBook>();
        services.AddGlobalTransactional<IOrderPlacement, OrderPlacement>();
        services.AddHttpClient<StockClient>(ConfigureParticipant(o => o.StockAddress!)).AddTransactionPropagation();
        services.AddHttpClient<PointsClient>(ConfigureParticipant(o => o.PointsAddress!)).AddTransactionPropagation();
        var producer = builder.Configuration.GetSection("ReliableMessage:Producer");
        services.AddReliableMessageProducer<OrderDbContext>(producer.Bind);
        services.AddSingleton<ShipmentCommitter>();
        return builder;
    }

    /// <summary>Maps health, the participant endpoint, the back-check and the order API.</summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static WebApplication MapOrderService(this WebApplication app)
    {
        app.UseSampleHost();
        app.MapTransactionParticipant();
        app.MapReliableMessageProducer<OrderDbContext>();
        app.MapOrderEndpoints();
        return app;
    }

    private static Action<IServiceProvider, HttpClient> ConfigureParticipant(Func<OrderOptions, Uri> address) => (sp, client) =>
    {
        var options = sp.GetRequiredService<IOptions<OrderOptions>>().Value;
        client.BaseAddress = address(options);
        client.Timeout = options.ParticipantCallTimeout;
    };
}
