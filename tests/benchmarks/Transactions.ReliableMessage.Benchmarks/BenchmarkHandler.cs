using Transactions.ReliableMessage.Consumer;
using Transactions.ReliableMessage.IntegrationTests.Infrastructure;

namespace Transactions.ReliableMessage.Benchmarks;

/// <summary>The consumer's business work: one shipment row per message, committed with the inbox row.</summary>
public sealed class BenchmarkHandler(ShopDbContext db) : IMessageHandler
{
    public Task HandleAsync(ConsumedMessage message, CancellationToken cancellationToken)
    {
        db.Shipments.Add(new Shipment { MessageId = message.MessageId, OrderId = message.Key ?? string.Empty });
        return Task.CompletedTask;
    }
}
