using Transactions.ReliableMessage.Consumer;

namespace Transactions.ReliableMessage.IntegrationTests.Infrastructure;

/// <summary>Ships the order of a message: one shipment row per message, in the consumer's local transaction.</summary>
public sealed class ShipmentHandler(ShopDbContext db, ConsumerLog log, TimeProvider timeProvider) : IMessageHandler
{
    public Task HandleAsync(ConsumedMessage message, CancellationToken cancellationToken)
    {
        var failing = log.Fail;
        log.Calls.Enqueue((message.MessageId, message.Attempt, timeProvider.GetUtcNow(), failing));
        if (failing)
        {
            throw new InvalidOperationException("the warehouse is closed");
        }

        db.Shipments.Add(new Shipment { MessageId = message.MessageId, OrderId = message.Key ?? string.Empty });
        return Task.CompletedTask;
    }
}
