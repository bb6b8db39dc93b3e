using Transactions.ReliableMessage.Domain;

namespace Transactions.ReliableMessage.Storage;

/// <summary>The new state of one delivery row.</summary>
/// <param name="MessageId">The message.</param>
/// <param name="ConsumerGroup">The group.</param>
/// <param name="Status">New status.</param>
/// <param name="Attempts">New attempt count.</param>
/// <param name="NextAttemptUnixMs">New next attempt (ack deadline); null for finished rows.</param>
/// <param name="DeliveredUnixMs">Send time when this outcome is a send; null keeps the old value.</param>
/// <param name="LastError">Error, or null to clear it.</param>
public sealed record DeliveryUpdate(
    long MessageId,
    string ConsumerGroup,
    DeliveryStatus Status,
    int Attempts,
    long? NextAttemptUnixMs,
    long? DeliveredUnixMs,
    string? LastError);
