using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Transactions.ReliableMessage.Consumer;
using Transactions.ReliableMessage.Consumer.Inbox;
using Transactions.ReliableMessage.Protocol.V1;
using Transactions.ReliableMessage.Tests.Infrastructure;

namespace Transactions.ReliableMessage.Tests.Consumer;

/// <summary>De-duplication and the handler's work committing together with the inbox row (SQLite).</summary>
public sealed class MessageProcessorTests : IAsyncLifetime
{
    private readonly SqliteFile _file = new();
    private ServiceProvider _services = null!;

    private MessageProcessor<ShopDbContext> Sut => _services.GetRequiredService<MessageProcessor<ShopDbContext>>();

    public async Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<ShopDbContext>(o => o.UseSqlite(_file.ConnectionString));
        services.AddReliableMessageConsumer<ShopDbContext>(o =>
        {
            o.ServiceAddress = "http://127.0.0.1:1";
            o.ConsumerGroup = "warehouse";
            o.BootstrapServers = "127.0.0.1:1";
        }).AddHandler<ShipmentHandler>("orders");
        _services = services.BuildServiceProvider();
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ShopDbContext>().Database.EnsureCreatedAsync();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        _file.Dispose();
    }

    [Fact]
    public async Task ProcessAsync_NewMessages_HandlerWorkAndInboxCommitTogether()
    {
        var acked = await Sut.ProcessAsync([Envelope(1, "o-1"), Envelope(2, "o-2")], default);

        Assert.Equal([1L, 2L], acked);
        Assert.Equal(["o-1", "o-2"], await ReadAsync(db => db.Shipments.OrderBy(s => s.Id).Select(s => s.OrderId)));
        Assert.Equal(2, await ReadAsync(db => db.Set<InboxRecord>().Where(r => r.ConsumerGroup == "warehouse").Select(r => r.MessageId)).ContinueWith(t => t.Result.Count));
        Assert.Equal(2, Sut.Handled);
    }

    [Fact]
    public async Task ProcessAsync_Redelivered_SkipsTheHandlerButAcknowledgesAgain()
    {
        await Sut.ProcessAsync([Envelope(1, "o-1")], default);

        var acked = await Sut.ProcessAsync([Envelope(1, "o-1", attempt: 2), Envelope(3, "o-3")], default);

        Assert.Equal([1L, 3L], acked);
        Assert.Equal(["o-1", "o-3"], await ReadAsync(db => db.Shipments.OrderBy(s => s.Id).Select(s => s.OrderId)));
        Assert.Equal(1, Sut.Duplicates);
    }

    [Fact]
    public async Task ProcessAsync_OneHandlerFails_OthersCommitAndOnlyTheFailureStaysUnacknowledged()
    {
        var acked = await Sut.ProcessAsync([Envelope(1, "o-1"), Envelope(2, ShipmentHandler.Poison), Envelope(3, "o-3")], default);

        Assert.Equal([1L, 3L], acked);
        Assert.Equal(["o-1", "o-3"], await ReadAsync(db => db.Shipments.OrderBy(s => s.Id).Select(s => s.OrderId)));
        Assert.DoesNotContain(2L, await ReadAsync(db => db.Set<InboxRecord>().Select(r => r.MessageId)));
    }

    [Fact]
    public async Task ProcessAsync_RedeliveryForAnotherGroup_Ignored()
    {
        var acked = await Sut.ProcessAsync([Envelope(5, "o-5", targetGroup: "billing")], default);

        Assert.Empty(acked);
        Assert.Empty(await ReadAsync(db => db.Shipments.Select(s => s.Id)));
    }

    private static MessageEnvelope Envelope(long id, string orderId, int attempt = 1, string targetGroup = "") => new()
    {
        MessageId = id,
        Topic = "orders",
        Key = orderId,
        ProducerGroup = "orders-service",
        Attempt = attempt,
        Payload = ByteString.CopyFromUtf8(orderId),
        TargetGroup = targetGroup,
    };

    private async Task<List<T>> ReadAsync<T>(Func<ShopDbContext, IQueryable<T>> query)
    {
        await using var scope = _services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ShopDbContext>()).ToListAsync();
    }

    private sealed class ShipmentHandler(ShopDbContext db) : IMessageHandler
    {
        public const string Poison = "poison";

        public Task HandleAsync(ConsumedMessage message, CancellationToken cancellationToken)
        {
            var orderId = System.Text.Encoding.UTF8.GetString(message.Payload.Span);
            if (orderId == Poison)
            {
                throw new InvalidOperationException("cannot ship a poison order");
            }

            db.Shipments.Add(new Shipment { Id = message.MessageId, OrderId = orderId });
            return Task.CompletedTask;
        }
    }
}
