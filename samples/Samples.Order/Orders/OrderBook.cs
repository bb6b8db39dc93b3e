using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Samples.Contracts.Orders;
using Samples.Contracts.Warehouse;
using Transactions.Participants;
using Transactions.ReliableMessage.Producer;

namespace Samples.Order.Orders;

/// <summary>
/// The order branch. Try inserts the order as Pending. Confirm marks it Confirmed and sends the warehouse's shipment
/// notice as a reliable message: the message is prepared at the reliable-message service, and its barrier row is
/// written in the same local transaction as the status change (the fence's), so the message is delivered if and only
/// if the order is confirmed; the back-check answers from that barrier. Cancel marks it Cancelled.
/// </summary>
public sealed class OrderBook(
    OrderDbContext db,
    IReliableMessageProducer producer,
    IOptions<OrderOptions> options,
    TimeProvider timeProvider) : IOrderBook
{
    /// <inheritdoc />
    public async Task CreateAsync(NewOrder order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        db.Orders.Add(new OrderRecord
        {
            Id = order.OrderId,
            RequestId = order.RequestId,
            UserId = order.UserId,
            Sku = order.Sku,
            Quantity = order.Quantity,
            Points = order.Points,
            Status = OrderStatus.Pending,
            Xid = TransactionContext.CurrentXid ?? 0,
            CreatedAt = timeProvider.GetUtcNow(),
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex)
        {
            // The unique request id: a retried request got here first (the caller checks and answers with that order).
            throw new DuplicateOrderRequestException(order.RequestId, ex);
        }
    }

    /// <summary>Confirm: the order is confirmed and its shipment notice is sent (prepared now, barrier in this local transaction).</summary>
    /// <param name="context">The Try's arguments.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    public async Task ConfirmAsync(TccContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var orderId = context.GetArgument<NewOrder>("order").OrderId;
        var order = await db.Orders.SingleAsync(o => o.Id == orderId, cancellationToken);
        var notice = new ShipmentNotice(order.Id, order.UserId, order.Sku, order.Quantity);

        // No producer key: a Confirm attempt whose local transaction rolled back leaves its message prepared without a
        // barrier, and the back-check rolls it back; the attempt that commits writes the one barrier that counts.
        var messageId = await producer.PrepareAsync(
            new MessageToSend(options.Value.ShipmentTopic, order.Id, JsonSerializer.SerializeToUtf8Bytes(notice, JsonSerializerOptions.Web)),
            cancellationToken);
        await producer.WriteBarrierAsync(db, messageId, cancellationToken);
        order.Status = OrderStatus.Confirmed;
        order.ShipmentMessageId = messageId;
    }

    /// <summary>Cancel: the order is cancelled (nothing to undo when the Try never ran).</summary>
    /// <param name="context">The Try's arguments.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    public async Task CancelAsync(TccContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var orderId = context.GetArgument<NewOrder>("order").OrderId;
        await db.Orders
            .Where(o => o.Id == orderId && o.Status == OrderStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OrderStatus.Cancelled), cancellationToken);
    }
}
