namespace Transactions.ReliableMessage.Dispatch;

/// <summary>
/// Carries committed messages to consumer groups: Kafka in production, the embedded push transport for the
/// broker-less demo. Implementations must be thread-safe; the dispatcher calls <see cref="SendAsync"/> from
/// several batches at once.
/// </summary>
public interface IMessageTransport
{
    /// <summary>Short name for logs and health (e.g. <c>kafka</c>, <c>push</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Where a group's redeliveries arrive, told to the group when it subscribes (Kafka: its retry topic);
    /// null when the transport addresses groups directly (push).
    /// </summary>
    /// <param name="consumerGroup">The group.</param>
    /// <returns>The address, or null.</returns>
    string? GetRetryAddress(string consumerGroup);

    /// <summary>
    /// Sends a batch. Returns outcomes in any order: for a broadcast that reached every group at once (a broker
    /// topic) one outcome with a null group, otherwise one per (message, target group).
    /// Never throws for a failed send: that is a <see cref="SendResult.Failed"/> outcome.
    /// </summary>
    /// <param name="batch">What to send.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The outcomes.</returns>
    Task<IReadOnlyList<SendOutcome>> SendAsync(IReadOnlyList<OutgoingMessage> batch, CancellationToken cancellationToken);
}
