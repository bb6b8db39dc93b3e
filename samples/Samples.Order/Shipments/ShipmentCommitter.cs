using Grpc.Core;
using Transactions.ReliableMessage.Producer;

namespace Samples.Order.Shipments;

/// <summary>
/// Commits a confirmed order's shipment notice right after the global transaction, so the warehouse gets it at once.
/// Best effort: when it fails (or the order's Confirm ran later), the service's back-check commits it from the barrier.
/// </summary>
public sealed partial class ShipmentCommitter(IReliableMessageProducer producer, ILogger<ShipmentCommitter> logger)
{
    /// <summary>Commits the message; logs and returns on failure.</summary>
    /// <param name="messageId">The shipment notice.</param>
    /// <param name="orderId">The order, for the log.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    public async Task CommitAsync(long messageId, string orderId, CancellationToken cancellationToken)
    {
        try
        {
            await producer.CommitAsync(messageId, cancellationToken);
        }
        catch (Exception ex) when (ex is RpcException or OperationCanceledException)
        {
            LogCommitFailed(logger, messageId, orderId, ex.Message);
        }
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Shipment notice {MessageId} of order {OrderId} not committed now ({Error}); the back-check will")]
    private static partial void LogCommitFailed(ILogger logger, long messageId, string orderId, string error);
}
