namespace Transactions.ReliableMessage.Consumer;

/// <summary>
/// Handles the messages of one topic. Resolved from a scope per batch; the scope's DbContext is the one the SDK
/// runs the local transaction on, so the handler's changes to it commit together with the de-duplication record
/// (do not call SaveChanges or begin transactions: the SDK does). Throwing leaves the message unacknowledged: the
/// service delivers it again on its redelivery schedule.
/// </summary>
public interface IMessageHandler
{
    /// <summary>Processes one message.</summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    Task HandleAsync(ConsumedMessage message, CancellationToken cancellationToken);
}
