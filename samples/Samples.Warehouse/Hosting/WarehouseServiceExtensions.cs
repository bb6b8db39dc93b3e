using Microsoft.Extensions.Options;
using Samples.Hosting.Database;
using Samples.Hosting.Hosting;
using Samples.Warehouse.Shipments;
using Transactions.ReliableMessage.Consumer;

namespace Samples.Warehouse.Hosting;

/// <summary>How the warehouse is put together.</summary>
public static class WarehouseServiceExtensions
{
    /// <summary>Registers the database and the reliable-message consumer (Kafka or push, from <c>ReliableMessage:Consumer</c>).</summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static WebApplicationBuilder AddWarehouseService(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddSampleHost("warehouse");
        var services = builder.Services;
        services.AddOptions<WarehouseOptions>()
            .Bind(builder.Configuration.GetSection(WarehouseOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSampleDatabase<WarehouseDbContext>(builder.Configuration, "warehouse.db");
        var topic = builder.Configuration.GetSection(WarehouseOptions.SectionName).Get<WarehouseOptions>()?.ShipmentTopic ?? new WarehouseOptions().ShipmentTopic;
        services.AddReliableMessageConsumer<WarehouseDbContext>(builder.Configuration.GetSection("ReliableMessage:Consumer").Bind)
            .AddHandler<ShipmentNoticeHandler>(topic);
        return builder;
    }

    /// <summary>Maps health, the push endpoint (embedded transport) and the shipments API.</summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static WebApplication MapWarehouseService(this WebApplication app)
    {
        app.UseSampleHost();
        if (app.Services.GetRequiredService<IOptions<ReliableMessageConsumerOptions>>().Value.Transport == ConsumerTransport.Push)
        {
            app.MapReliableMessageConsumer<WarehouseDbContext>();
        }

        app.MapShipmentEndpoints();
        return app;
    }
}
