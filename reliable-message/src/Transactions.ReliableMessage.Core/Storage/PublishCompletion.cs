namespace Transactions.ReliableMessage.Storage;

/// <summary>Input of <see cref="IMessageStore.CompletePublishAsync"/>.</summary>
/// <param name="MessageIds">Messages that were published.</param>
/// <param name="NowUnixMs">Current time.</param>
/// <param name="AckDeadlineUnixMs">
/// When set, every row of these messages still as inserted before the publish becomes Delivered with attempt 1
/// and this ack deadline (a broker publish reaches every group at once). Null when <paramref name="Deliveries"/>
/// gives each row's outcome (push).
/// </param>
/// <param name="Deliveries">Per-row outcomes, applied to rows still pending.</param>
public sealed record PublishCompletion(
    IReadOnlyList<long> MessageIds,
    long NowUnixMs,
    long? AckDeadlineUnixMs,
    IReadOnlyList<DeliveryUpdate> Deliveries);
