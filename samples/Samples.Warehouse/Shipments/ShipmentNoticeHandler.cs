using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Samples.Contracts.Warehouse;
using Transactions.ReliableMessage.Consumer;

namespace Samples.Warehouse.Shipments;

/// <summary>
/// Creates the shipment of a shipment notice, in the consumer SDK's local transaction (with the inbox row that
/// de-duplicates the message). A second notice for the same order (it cannot happen with the order service, but a
/// warehouse does not trust that) creates nothing.
/// </summary>
public sealed partial class ShipmentNoticeHandler(WarehouseDbContext db, TimeProvider timeProvider, ILogger<ShipmentNoticeHandler> logger) : IMessageHandler
{
    /// <inheritdoc />
    public async Task HandleAsync(ConsumedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var notice = JsonSerializer.Deserialize<ShipmentNotice>(message.Payload.Span, JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException($"Message {message.MessageId} is not a shipment notice.");
        if (db.Shipments.Local.Any(s => s.OrderId == notice.OrderId)
            || await db.Shipments.AnyAsync(s => s.OrderId == notice.OrderId, cancellationToken))
        {
            LogDuplicate(logger, notice.OrderId, message.MessageId);
            return;
        }

        db.Shipments.Add(new Shipment
        {
            OrderId = notice.OrderId,
            MessageId = message.MessageId,
            UserId = notice.UserId,
            Sku = notice.Sku,
            Quantity = notice.Quantity,
            CreatedAt = timeProvider.GetUtcNow(),
        });
        LogShipped(logger, notice.OrderId, notice.Quantity, notice.Sku, message.MessageId, message.Attempt);
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Shipment of order {OrderId}: {Quantity} x {Sku} (message {MessageId}, attempt {Attempt})")]
    private static partial void LogShipped(ILogger logger, string orderId, int quantity, string sku, long messageId, int attempt);

    [LoggerMessage(EventId = 401, Level = LogLevel.Warning, Message = "Order {OrderId} already has a shipment; message {MessageId} creates none")]
    private static partial void LogDuplicate(ILogger logger, string orderId, long messageId);
}
