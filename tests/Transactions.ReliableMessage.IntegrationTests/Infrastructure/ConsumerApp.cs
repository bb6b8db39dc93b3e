using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Transactions.ReliableMessage.Consumer;
using Transactions.ReliableMessage.Consumer.Kafka;
using Transactions.ReliableMessage.Consumer.Push;
using Transactions.Testing;

namespace Transactions.ReliableMessage.IntegrationTests.Infrastructure;

/// <summary>A warehouse service using the consumer SDK in-process (Kafka, or push on its own HTTP/2 port).</summary>
public sealed class ConsumerApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ConsumerApp(WebApplication app, ShopDatabase database, ConsumerLog log, int port)
    {
        _app = app;
        Database = database;
        Log = log;
        PushEndpoint = $"http://localhost:{port}";
    }

    /// <summary>This application's gRPC base address (the push endpoint).</summary>
    public string PushEndpoint { get; }

    public ShopDatabase Database { get; }

    public ConsumerLog Log { get; }

    public SwitchableAcknowledger Acknowledger => _app.Services.GetRequiredService<SwitchableAcknowledger>();

    public MessageProcessor<ShopDbContext> Processor => _app.Services.GetRequiredService<MessageProcessor<ShopDbContext>>();

    public KafkaConsumerService<ShopDbContext>? Kafka => _app.Services.GetService<KafkaConsumerService<ShopDbContext>>();

    public PushSubscriptionService? Push => _app.Services.GetService<PushSubscriptionService>();

    public static async Task<ConsumerApp> StartAsync(
        string serviceAddress,
        ShopDatabase database,
        string consumerGroup,
        string topic,
        ConsumerTransport transport = ConsumerTransport.Kafka,
        ConsumerLog? log = null,
        bool dropAcks = false,
        IServiceAcknowledger? acknowledger = null,
        string? applicationKey = null)
    {
        log ??= new ConsumerLog();
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        // The service's appsettings.json lands in this output folder too: none of it applies here.
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.ListenLocalhost(port, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddSingleton(log);
        builder.Services.AddDbContext<ShopDbContext>(o => o.UseNpgsql(database.ConnectionString));
        builder.Services.AddReliableMessageConsumer<ShopDbContext>(o =>
        {
            o.ServiceAddress = serviceAddress;
            o.ConsumerGroup = consumerGroup;
            o.ApplicationKey = applicationKey;
            o.Transport = transport;
            o.PushEndpoint = $"http://localhost:{port}";
            o.BootstrapServers = TestEnvironment.KafkaBootstrapServers;
            o.ApiVersionRequest = false;
            o.BrokerVersionFallback = "0.9.0.1";
            o.AckRetryDelay = TimeSpan.FromMilliseconds(50);
        }).AddHandler<ShipmentHandler>(topic);
        builder.Services.AddSingleton<GrpcServiceAcknowledger>();
        builder.Services.AddSingleton(sp => new SwitchableAcknowledger(acknowledger ?? sp.GetRequiredService<GrpcServiceAcknowledger>()) { Drop = dropAcks });
        builder.Services.AddSingleton<IServiceAcknowledger>(sp => sp.GetRequiredService<SwitchableAcknowledger>());
        var app = builder.Build();
        if (transport == ConsumerTransport.Push)
        {
            app.MapReliableMessageConsumer<ShopDbContext>();
        }

        await app.StartAsync();
        return new ConsumerApp(app, database, log, port);
    }

    /// <summary>Waits until the Kafka consumer has joined its group, or the push consumer has subscribed its group.</summary>
    public Task WaitAssignedAsync() => Kafka is { } kafka
        ? Eventually.WaitAsync(() => Task.FromResult(kafka.Assigned), TimeSpan.FromSeconds(60), "the Kafka consumer joined its group")
        : Eventually.WaitAsync(
            () => Task.FromResult(Push?.Subscribed.IsCompletedSuccessfully ?? true),
            TimeSpan.FromSeconds(60),
            "the push consumer subscribed its group");

    public async Task<int> ShipmentCountAsync(long messageId) =>
        (await Database.ReadAsync(db => db.Shipments.Where(s => s.MessageId == messageId).Select(s => s.MessageId))).Count;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
