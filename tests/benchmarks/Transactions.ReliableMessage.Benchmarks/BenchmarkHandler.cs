using Transactions.ReliableMessage.Consumer;
using Transactions.ReliableMessage.IntegrationTests.Infrastructure;

namespace Transactions.ReliableMessage.Benchmarks;

/// <summary>
/// The consumer's business work: one shipment row per message, committed with the inbox row. Records how long after
/// its commit at the service each message reached the handler.
/// </summary>
public sealed class BenchmarkHandler(ShopDbContext db, HandledLatency latency, TimeProvider timeProvider) : IMessageHandler
{
    public Task HandleAsync(ConsumedMessage message, CancellationToken cancellationToken)
    {
        db.Shipments.Add(new Shipment { MessageId = message.MessageId, OrderId = message.Key ?? string.Empty });
        latency.Samples.Add(timeProvider.GetUtcNow().ToUnixTimeMilliseconds() - message.CommittedUnixMs);
        return Task.CompletedTask;
    }
}
